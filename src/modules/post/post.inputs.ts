import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, Matches } from 'class-validator';
import { COUNTRY_CODE } from '../practitioner';
import { POST_LIMITS } from './post.entity';
import { PostVisibility } from './post.enums';
import { Language } from '../../common/i18n/language';
import {
  CreateContentFields,
  ReviewDecision,
  ReviewDecisionField,
  ReviewNoteField,
  UpdateContentFields,
} from '../content';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';

/** How many countries, thematic areas and networks a post may concern (its list fields are priced by these). */
export const POST_LIST_BOUNDS = { countries: 50, thematicAreas: 10, networks: 20 } as const;

/** The shared content fields as posts word and bound them. */
const POST_INPUT_SHAPE = {
  limits: POST_LIMITS,
  body: 'Body in Markdown',
  thematicAreas: POST_LIST_BOUNDS.thematicAreas,
};

const CREATE = CreateContentFields(POST_INPUT_SHAPE);
const UPDATE = UpdateContentFields({
  ...POST_INPUT_SHAPE,
  thematicAreasDescription: 'Thematic areas concerned (replaces the list).',
});

@InputType({ description: 'A new good-practice post; it starts as a DRAFT.' })
export class CreatePostInput {
  @CREATE.title
  title: string;

  @CREATE.summary
  summary: string;

  @CREATE.body
  body: string;

  @CREATE.language
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

  @CREATE.thematicAreaCodes
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

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@InputType({
  description: 'Changes to a post that is a DRAFT or has CHANGES_REQUESTED. Omitted fields stay as they are.',
})
export class UpdatePostInput {
  @Field(() => ID, { description: 'The post.' })
  id: string;

  @UPDATE.title
  title?: string | null;

  @UPDATE.summary
  summary?: string | null;

  @UPDATE.body
  body?: string | null;

  @UPDATE.language
  language?: Language | null;

  @Field(() => [String], { nullable: true, description: 'Countries concerned (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(POST_LIST_BOUNDS.countries)
  @ArrayUnique()
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes?: string[] | null;

  @UPDATE.thematicAreaCodes
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

@InputType({ description: 'The input of `reviewPost`.' })
export class ReviewPostInput {
  @Field(() => ID, { description: 'The post.' })
  id: string;

  @ReviewDecisionField()
  decision: ReviewDecision;

  @ReviewNoteField()
  note?: string | null;
}

@InputType({ description: 'The input of `submitPost`.' })
export class SubmitPostInput {
  @Field(() => ID, { description: 'The post.' })
  id: string;
}

@InputType({ description: 'The input of `featurePost`.' })
export class FeaturePostInput {
  @Field(() => ID, { description: 'The post.' })
  id: string;
}

@InputType({ description: 'The input of `unfeaturePost`.' })
export class UnfeaturePostInput {
  @Field(() => ID, { description: 'The post.' })
  id: string;
}

@InputType({ description: 'The input of `archivePost`.' })
export class ArchivePostInput {
  @Field(() => ID, { description: 'The post.' })
  id: string;
}

@InputType({ description: 'The input of `endorsePost`.' })
export class EndorsePostInput {
  @Field(() => ID, { description: 'The post.' })
  postId: string;
}

@InputType({ description: 'The input of `withdrawEndorsement`.' })
export class WithdrawEndorsementInput {
  @Field(() => ID, { description: 'The post.' })
  postId: string;
}

@InputType({ description: 'The input of `bookmarkPost`.' })
export class BookmarkPostInput {
  @Field(() => ID, { description: 'The post.' })
  postId: string;
}

@InputType({ description: 'The input of `removeBookmark`.' })
export class RemoveBookmarkInput {
  @Field(() => ID, { description: 'The post.' })
  postId: string;
}
