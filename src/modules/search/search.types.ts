import { Field, Float, Int, ObjectType, createUnionType } from 'type-graphql';
import { Language } from '../../common/i18n/language';
import { PageInfo } from '../../common/relay/pagination';
import { nodeTypeNameOf } from '../../common/relay/node-registry';
import { ListSize } from '../../common/limits/list-size';
import { SEARCH_PROVIDERS } from './search-providers';
import { SearchHighlightField, SearchResultType } from './search.enums';
import { MAX_HIGHLIGHT_RANGES } from './search-highlight';

export const SearchResult = createUnionType({
  name: 'SearchResult',
  description:
    'Something search found: a post, comment, legal development, instrument, central authority, practitioner, ' +
    'network or live event (courses and publications will join).',
  types: () => SEARCH_PROVIDERS.map((p) => p.objectType()) as [never, ...never[]],
  resolveType: (value: object) => nodeTypeNameOf(value),
});

@ObjectType('SearchHighlightRange', { description: 'A match inside a highlight’s text.' })
export class SearchHighlightRange {
  @Field(() => Int, {
    description: 'Where the match starts, in UTF-16 code units (JavaScript string offsets).',
  })
  start: number;

  @Field(() => Int, { description: 'Its length, in UTF-16 code units.' })
  length: number;
}

@ObjectType('SearchHighlight', {
  description: 'Plain text (never HTML) cut from a hit, with the places that match the query.',
})
export class SearchHighlight {
  @Field(() => SearchHighlightField, { description: 'Where the text comes from.' })
  field: SearchHighlightField;

  @Field({ description: 'The text, as written (plain text: render it as text, not markup).' })
  text: string;

  @ListSize(MAX_HIGHLIGHT_RANGES)
  @Field(() => [SearchHighlightRange], {
    description: `The matches in \`text\`, in order, not overlapping (the first ${MAX_HIGHLIGHT_RANGES}).`,
  })
  ranges: SearchHighlightRange[];
}

@ObjectType('SearchEdge', { description: 'One hit, with its cursor, score, language and highlights.' })
export class SearchEdge {
  @Field({ description: 'Pass as `after` (or `before`) to continue from this hit.' })
  cursor: string;

  @Field(() => SearchResult, { description: 'The record found (one you can open with `node(id:)`).' })
  node: object;

  @Field(() => Float, { description: 'Relevance: higher is better (full-text rank, plus name similarity).' })
  score: number;

  @Field(() => Language, {
    nullable: true,
    description: 'The language of the text that matched; null for records without one (names).',
  })
  language: string | null;

  @ListSize(2)
  @Field(() => [SearchHighlight], {
    description: 'The title, and a fragment of the text around the first match.',
  })
  highlights: SearchHighlight[];
}

@ObjectType('SearchTypeCount', {
  description: 'How many hits one kind of record has (capped like totalCount).',
})
export class SearchTypeCount {
  @Field(() => SearchResultType, { description: 'The kind of record.' })
  type: SearchResultType;

  @Field(() => Int, { description: 'Its hits, at most 1,000.' })
  count: number;
}

@ObjectType('SearchConnection', { description: 'A page of search hits, best first.' })
export class SearchConnection {
  @ListSize('page')
  @Field(() => [SearchEdge], { description: 'The hits of this page, best first.' })
  edges: SearchEdge[];

  @Field(() => PageInfo, { description: 'Whether more hits follow, and from where.' })
  pageInfo: PageInfo;

  @Field(() => Int, { description: 'How many hits you may open, at most 1,000 (see `totalCountCapped`).' })
  totalCount: number;

  @Field({ description: 'True when there are more than 1,000 hits (totalCount then says 1,000).' })
  totalCountCapped: boolean;

  @ListSize(20)
  @Field(() => [SearchTypeCount], {
    description: 'Hits per kind of record (kinds without hits left out), each capped at 1,000.',
  })
  countsByType: SearchTypeCount[];
}
