import { Field, ID, InputType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsOptional,
  Matches,
  MaxLength,
} from 'class-validator';
import { CodePointLength, COUNTRY_CODE } from '../practitioner';
import { LEGAL_DEVELOPMENT_LIMITS as L } from './legal-development.entity';
import { LegalDevelopmentKind } from './legal-development.enums';
import { Language } from '../../common/i18n/language';
import {
  CreateContentFields,
  ReviewDecision,
  ReviewDecisionField,
  ReviewNoteField,
  UpdateContentFields,
} from '../content';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';

/** How many thematic areas and instruments a development may concern (its list fields are priced by these). */
export const LEGAL_DEVELOPMENT_LIST_BOUNDS = { thematicAreas: 10, instruments: 20 } as const;

/** The shared content fields as legal developments word and bound them. */
const LEGAL_INPUT_SHAPE = {
  limits: L,
  body: 'Full text in Markdown',
  thematicAreas: LEGAL_DEVELOPMENT_LIST_BOUNDS.thematicAreas,
};

const CREATE = CreateContentFields(LEGAL_INPUT_SHAPE);
const UPDATE = UpdateContentFields({
  ...LEGAL_INPUT_SHAPE,
  body: 'Full text',
  thematicAreasDescription: 'Thematic areas (replaces the list).',
});

@InputType({
  description:
    'A proposed legal development. Give exactly one jurisdiction: `countryCode` or `jurisdictionBody`. Members’ ' +
    'proposals await review; experts and moderators publish directly unless `publishDirectly` is false.',
})
export class ProposeLegalDevelopmentInput {
  @Field(() => LegalDevelopmentKind, { description: 'What kind of development it is.' })
  @IsEnum(LegalDevelopmentKind)
  kind: LegalDevelopmentKind;

  @CREATE.title
  title: string;

  @CREATE.summary
  summary: string;

  @CREATE.body
  body: string;

  @Field(() => String, { nullable: true, description: 'The country it concerns (ISO 3166-1 alpha-2).' })
  @IsOptional()
  @Matches(COUNTRY_CODE, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Or the international or regional body it concerns (up to 200 characters).',
  })
  @IsOptional()
  @CodePointLength(1, L.jurisdictionBody)
  jurisdictionBody?: string | null;

  @Field({
    description:
      'When it took effect or was decided, YYYY-MM-DD. Cannot be in the future for court decisions, treaty ' +
      'actions and UN resolutions (a law may take effect later).',
  })
  @MaxLength(10)
  effectiveDate: string;

  @Field({ nullable: true, defaultValue: '', description: 'Citation (up to 500 characters).' })
  @CodePointLength(0, L.citation)
  citation: string;

  @Field(() => String, { nullable: true, description: 'Where its text is published (http(s) URL).' })
  @IsOptional()
  @MaxLength(L.url)
  sourceUrl?: string | null;

  @CREATE.language
  language: Language;

  @CREATE.thematicAreaCodes
  thematicAreaCodes: string[];

  @Field(() => [ID], { nullable: true, defaultValue: [], description: 'Related instruments (up to 20).' })
  @ArrayMaxSize(LEGAL_DEVELOPMENT_LIST_BOUNDS.instruments)
  @ArrayUnique()
  instrumentIds: string[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Experts and moderators: false to send it to review instead of publishing it at once (the default for them). ' +
      'True from anyone else is FORBIDDEN; members’ proposals always await review.',
  })
  @IsOptional()
  @IsBoolean()
  publishDirectly?: boolean | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'Changes to a legal development. Omitted fields stay as they are. The author edits while it is PENDING_REVIEW ' +
    'or CHANGES_REQUESTED (the latter submits it again); experts their own published ones; moderators any.',
})
export class UpdateLegalDevelopmentInput {
  @Field(() => ID, { description: 'The legal development.' })
  id: string;

  @Field(() => LegalDevelopmentKind, { nullable: true, description: 'What kind of development it is.' })
  @IsOptional()
  @IsEnum(LegalDevelopmentKind)
  kind?: LegalDevelopmentKind | null;

  @UPDATE.title
  title?: string | null;

  @UPDATE.summary
  summary?: string | null;

  @UPDATE.body
  body?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The country it concerns; setting it clears `jurisdictionBody`.',
  })
  @IsOptional()
  @Matches(COUNTRY_CODE, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  countryCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The international or regional body it concerns; setting it clears `countryCode`.',
  })
  @IsOptional()
  @CodePointLength(1, L.jurisdictionBody)
  jurisdictionBody?: string | null;

  @Field(() => String, { nullable: true, description: 'When it took effect or was decided, YYYY-MM-DD.' })
  @IsOptional()
  @MaxLength(10)
  effectiveDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Citation (up to 500 characters).' })
  @IsOptional()
  @CodePointLength(0, L.citation)
  citation?: string | null;

  @Field(() => String, { nullable: true, description: 'Source URL; an empty string clears it.' })
  @IsOptional()
  @MaxLength(L.url)
  sourceUrl?: string | null;

  @UPDATE.language
  language?: Language | null;

  @UPDATE.thematicAreaCodes
  thematicAreaCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Related instruments (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(LEGAL_DEVELOPMENT_LIST_BOUNDS.instruments)
  @ArrayUnique()
  instrumentIds?: string[] | null;
}

@InputType({
  description:
    'Narrows legal developments. Countries and regions together say where (a development of any of them ' +
    'matches); the other criteria combine with AND; within a list, any value matches.',
})
export class LegalDevelopmentFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Jurisdiction countries (ISO 3166-1 alpha-2 codes).',
  })
  @IsOptional()
  @ArrayMaxSize(250)
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Jurisdiction countries in these UN M49 areas (e.g. `011` for Western Africa).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(3, { each: true })
  regionCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Any of these thematic areas.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @MaxLength(64, { each: true })
  thematicAreaCodes?: string[] | null;

  @Field(() => [LegalDevelopmentKind], { nullable: true, description: 'Any of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(LegalDevelopmentKind, { each: true })
  kinds?: LegalDevelopmentKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'Related to any of these instruments.' })
  @IsOptional()
  @ArrayMaxSize(50)
  instrumentIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Effective on or after this date (YYYY-MM-DD).' })
  @IsOptional()
  @MaxLength(10)
  from?: string | null;

  @Field(() => String, { nullable: true, description: 'Effective on or before this date (YYYY-MM-DD).' })
  @IsOptional()
  @MaxLength(10)
  to?: string | null;
}

@InputType({ description: 'The input of `reviewLegalDevelopment`.' })
export class ReviewLegalDevelopmentInput {
  @Field(() => ID, { description: 'The legal development.' })
  id: string;

  @ReviewDecisionField()
  decision: ReviewDecision;

  @ReviewNoteField()
  note?: string | null;
}
