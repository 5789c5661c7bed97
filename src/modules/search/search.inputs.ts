import { Field, ID, InputType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsOptional,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { COUNTRY_CODE } from '../practitioner';
import { Language } from '../../common/i18n/language';
import { SearchResultType } from './search.enums';

export const SEARCH_BOUNDS = { query: 200, list: 20 };

@InputType({ description: 'What to search for and where (all conditions apply together).' })
export class SearchFilter {
  @Field({
    description:
      'The words, as people type them (PostgreSQL `websearch_to_tsquery`): words, "quoted phrases", ' +
      '`-excluded` words, `OR`. Accents, Arabic diacritics and prefixes are ignored; Chinese is segmented. ' +
      'Names (people, networks, authorities, instruments’ short names) also match by prefix and by trigram. ' +
      `1 to ${SEARCH_BOUNDS.query} characters.`,
  })
  @MinLength(1)
  @MaxLength(SEARCH_BOUNDS.query)
  query: string;

  @Field(() => [SearchResultType], { nullable: true, description: 'Only these kinds of record.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsEnum(SearchResultType, { each: true })
  types?: SearchResultType[] | null;

  @Field(() => [Language], {
    nullable: true,
    description: 'Only text in these languages (records without a language, e.g. names, are left out).',
  })
  @IsOptional()
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Language, { each: true })
  languages?: Language[] | null;

  @Field(() => [String], { nullable: true, description: 'Only records concerning one of these countries.' })
  @IsOptional()
  @ArrayMaxSize(SEARCH_BOUNDS.list)
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only records concerning one of these thematic areas.',
  })
  @IsOptional()
  @ArrayMaxSize(SEARCH_BOUNDS.list)
  @MaxLength(64, { each: true })
  thematicAreaCodes?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only records shared with one of these networks (posts, live events) or these networks themselves.',
  })
  @IsOptional()
  @ArrayMaxSize(SEARCH_BOUNDS.list)
  networkIds?: string[] | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Only records dated at or after this instant (publication, effective date, start, creation).',
  })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only records dated before this instant.' })
  to?: Date | null;
}
