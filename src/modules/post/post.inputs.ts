import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, Matches, MaxLength } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { CodePointLength, COUNTRY_CODE } from '../practitioner/practitioner.inputs';
import { POST_LIMITS } from './post.entity';
import { PostVisibility } from './post.enums';
import { MultiLine } from '../../common/validation/text';

/** How many countries, thematic areas and networks a post may concern (its list fields are priced by these). */
export const POST_LIST_BOUNDS = { countries: 50, thematicAreas: 10, networks: 20 } as const;

@InputType({ description: 'A new good-practice post; it starts as a DRAFT.' })
export class CreatePostInput {
  @Field({ description: 'Title (1 to 200 characters).' })
  @CodePointLength(1, POST_LIMITS.title)
  title: string;

  @Field({ nullable: true, defaultValue: '', description: 'Summary (up to 1,000 characters).' })
  @CodePointLength(0, POST_LIMITS.summary)
  @MultiLine()
  summary: string;

  @Field({ nullable: true, defaultValue: '', description: 'Body in Markdown (up to 50,000 characters).' })
  @CodePointLength(0, POST_LIMITS.body)
  @MultiLine()
  body: string;

  @Field(() => Language, { description: 'Language it is written in.' })
  @IsEnum(Language)
  language: Language;

  @Field(() => [String], {
    nullable: true,
    defaultValue: [],
    description: 'ISO 3166-1 alpha-2 codes of the countries concerned (up to 50).',
  })
  @ArrayMaxSize(POST_LIST_BOUNDS.countries)
  @ArrayUnique()
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes: string[];

  @Field(() => [String], {
    nullable: true,
    defaultValue: [],
    description: 'Codes of the thematic areas concerned (up to 10).',
  })
  @ArrayMaxSize(POST_LIST_BOUNDS.thematicAreas)
  @ArrayUnique()
  @MaxLength(64, { each: true })
  thematicAreaCodes: string[];

  @Field(() => [ID], {
    nullable: true,
    defaultValue: [],
    description: 'Networks to share it with (up to 20); required for NETWORKS visibility.',
  })
  @ArrayMaxSize(POST_LIST_BOUNDS.networks)
  @ArrayUnique()
  networkIds: string[];

  @Field(() => PostVisibility, {
    nullable: true,
    defaultValue: PostVisibility.COMMUNITY,
    description: 'Who may read it once published.',
  })
  @IsEnum(PostVisibility)
  visibility: PostVisibility;
}

@InputType({
  description: 'Changes to a post that is a DRAFT or has CHANGES_REQUESTED. Omitted fields stay as they are.',
})
export class UpdatePostInput {
  @Field(() => String, { nullable: true, description: 'Title (1 to 200 characters).' })
  @IsOptional()
  @CodePointLength(1, POST_LIMITS.title)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Summary (up to 1,000 characters).' })
  @IsOptional()
  @CodePointLength(0, POST_LIMITS.summary)
  @MultiLine()
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'Body in Markdown (up to 50,000 characters).' })
  @IsOptional()
  @CodePointLength(0, POST_LIMITS.body)
  @MultiLine()
  body?: string | null;

  @Field(() => Language, { nullable: true, description: 'Language it is written in.' })
  @IsOptional()
  @IsEnum(Language)
  language?: Language | null;

  @Field(() => [String], { nullable: true, description: 'Countries concerned (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(POST_LIST_BOUNDS.countries)
  @ArrayUnique()
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Thematic areas concerned (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(POST_LIST_BOUNDS.thematicAreas)
  @ArrayUnique()
  @MaxLength(64, { each: true })
  thematicAreaCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Networks to share it with (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(POST_LIST_BOUNDS.networks)
  @ArrayUnique()
  networkIds?: string[] | null;

  @Field(() => PostVisibility, { nullable: true, description: 'Who may read it once published.' })
  @IsOptional()
  @IsEnum(PostVisibility)
  visibility?: PostVisibility | null;
}
