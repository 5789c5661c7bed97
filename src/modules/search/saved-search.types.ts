import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsEnum, IsOptional, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { ListSize } from '../../common/limits/list-size';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { SearchFilter } from './search.inputs';
import { SearchResultType } from './search.enums';
import type { SavedSearchEntity } from './saved-search.entity';

export const SAVED_SEARCH_TYPE = 'SavedSearch';

/** At most this many saved searches per practitioner (CONFLICT beyond). */
export const MAX_SAVED_SEARCHES = 25;

export enum SavedSearchNotify {
  IN_APP = 'IN_APP',
  EMAIL_DIGEST = 'EMAIL_DIGEST',
  OFF = 'OFF',
}
registerEnumType(SavedSearchNotify, {
  name: 'SavedSearchNotify',
  description:
    'How you hear of new content matching a saved search (at most one message per saved search per interval, ' +
    'an hour by default; the matches in between are counted in the next).',
  valuesConfig: {
    IN_APP: { description: 'A notification (SAVED_SEARCH_MATCHED) with the number of new results.' },
    EMAIL_DIGEST: { description: 'An e-mail with the number of new results.' },
    OFF: { description: 'Nothing: the search is only saved.' },
  },
});

@ObjectType('SavedSearchFilter', { description: 'The search a saved search runs (as `search` takes it).' })
export class SavedSearchFilter {
  @Field({ description: 'The words.' })
  query: string;

  @ListSize(10)
  @Field(() => [SearchResultType], { nullable: true, description: 'Only these kinds of record.' })
  types: SearchResultType[] | null;

  @ListSize(6)
  @Field(() => [Language], { nullable: true, description: 'Only text in these languages.' })
  languages: Language[] | null;

  @ListSize(20)
  @Field(() => [String], { nullable: true, description: 'Only records concerning one of these countries.' })
  countryCodes: string[] | null;

  @ListSize(20)
  @Field(() => [String], { nullable: true, description: 'Only records concerning these thematic areas.' })
  thematicAreaCodes: string[] | null;

  @ListSize(20)
  @Field(() => [ID], { nullable: true, description: 'Only records shared with one of these networks.' })
  networkIds: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Only records dated at or after this instant.' })
  from: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only records dated before this instant.' })
  to: Date | null;
}

@ObjectType(SAVED_SEARCH_TYPE, {
  implements: Node,
  description:
    'A search you saved, and how you hear of new content matching it. Visible to its owner only; the ' +
    'notifications it sends only ever count content you may open.',
})
export class SavedSearch extends Node {
  @Field({ description: 'Its name (1 to 100 characters).' })
  name: string;

  @Field(() => SavedSearchNotify, { description: 'How you hear of new matches.' })
  notify: SavedSearchNotify;

  @Field(() => Date, { nullable: true, description: 'When you were last told of new matches.' })
  lastNotifiedAt: Date | null;

  @Field(() => Date, { description: 'When you saved it.' })
  createdAt: Date;

  @Field(() => Date, { description: 'When you last changed it.' })
  updatedAt: Date;
}

export const SavedSearchConnection = Connection(SavedSearch, 'SavedSearch');

@InputType({ description: 'Saves a search (at most 25 per practitioner).' })
export class SaveSearchInput {
  @Field({ description: 'A name for it (1 to 100 characters).' })
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @Field(() => SearchFilter, { description: 'The search, as `search` takes it.' })
  @ValidateNested()
  filter: SearchFilter;

  @Field(() => SavedSearchNotify, {
    nullable: true,
    defaultValue: SavedSearchNotify.IN_APP,
    description: 'How you hear of new matches (IN_APP unless given).',
  })
  @IsOptional()
  @IsEnum(SavedSearchNotify)
  notify?: SavedSearchNotify | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@InputType({ description: 'Changes a saved search of yours (only the fields given).' })
export class UpdateSavedSearchInput {
  @Field(() => ID, { description: 'The saved search.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'A new name (1 to 100 characters).' })
  @IsOptional()
  @MinLength(1)
  @MaxLength(100)
  name?: string | null;

  @Field(() => SearchFilter, {
    nullable: true,
    description: 'A new search (records already announced are not announced again).',
  })
  @IsOptional()
  @ValidateNested()
  filter?: SearchFilter | null;

  @Field(() => SavedSearchNotify, { nullable: true, description: 'How you hear of new matches.' })
  @IsOptional()
  @IsEnum(SavedSearchNotify)
  notify?: SavedSearchNotify | null;
}

@InputType({ description: 'Deletes a saved search of yours.' })
export class DeleteSavedSearchInput {
  @Field(() => ID, { description: 'The saved search.' })
  id: string;
}

@ObjectType({ description: 'What `saveSearch` returns.' })
export class SaveSearchPayload {
  @Field(() => SavedSearch, { description: 'The saved search.' })
  savedSearch: SavedSearchEntity;
}

@ObjectType({ description: 'What `updateSavedSearch` returns.' })
export class UpdateSavedSearchPayload {
  @Field(() => SavedSearch, { description: 'The saved search, as it now is.' })
  savedSearch: SavedSearchEntity;
}

@ObjectType({ description: 'What `deleteSavedSearch` returns.' })
export class DeleteSavedSearchPayload {
  @Field(() => ID, { description: 'The id of the saved search deleted.' })
  deletedSavedSearchId: string;
}
