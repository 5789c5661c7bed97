import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { GraphQLUpload } from 'graphql-upload-minimal';
import type { FileUpload } from 'graphql-upload-minimal';
import { COUNTRY_CODE } from '../practitioner';
import { Language } from '../../common/i18n/language';
import { CreateContentFields } from '../content';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { PUBLICATION_LIMITS, VERSION_LIMITS } from './publication.entity';
import { PublicationKind, PublicationVisibility } from './publication.enums';

/** How many countries, thematic areas, networks and filter values a publication or a filter may list. */
export const PUBLICATION_LIST_BOUNDS = {
  countries: 50,
  thematicAreas: 10,
  networks: 20,
  versions: 50,
  filter: 20,
} as const;

const CREATE = CreateContentFields({
  limits: PUBLICATION_LIMITS,
  body: 'Description in Markdown',
  thematicAreas: PUBLICATION_LIST_BOUNDS.thematicAreas,
});

@InputType({ description: 'A new publication of the technical-tools library (published at once).' })
export class CreatePublicationInput {
  @Field(() => PublicationKind, { description: 'What it is.' })
  @IsEnum(PublicationKind)
  kind: PublicationKind;

  @CREATE.title
  title: string;

  @CREATE.summary
  summary: string;

  @CREATE.body
  description: string;

  @CREATE.language
  language: Language;

  @Field(() => String, { nullable: true, description: 'The UN document symbol (up to 100 characters).' })
  @IsOptional()
  @MaxLength(100)
  symbol?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISBN-10 or ISBN-13, hyphens and spaces allowed; its check digit is verified.',
  })
  @IsOptional()
  @MaxLength(20)
  isbn?: string | null;

  @Field(() => Int, { description: 'Year of publication (1945 to 2200).' })
  @Min(1945)
  @Max(2200)
  year: number;

  @CREATE.thematicAreaCodes
  thematicAreaCodes: string[];

  @Field(() => [String], {
    nullable: true,
    defaultValue: [],
    description: 'ISO 3166-1 alpha-2 codes of the countries concerned (up to 50).',
  })
  @ArrayMaxSize(PUBLICATION_LIST_BOUNDS.countries)
  @ArrayUnique()
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes: string[];

  @Field(() => PublicationVisibility, {
    nullable: true,
    defaultValue: PublicationVisibility.COMMUNITY,
    description: 'Who may see it and download its files.',
  })
  @IsEnum(PublicationVisibility)
  visibility: PublicationVisibility;

  @Field(() => [ID], {
    nullable: true,
    defaultValue: [],
    description: 'The networks it is for (up to 20); required for NETWORKS visibility.',
  })
  @ArrayMaxSize(PUBLICATION_LIST_BOUNDS.networks)
  @ArrayUnique()
  networkIds: string[];

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'A language version of a publication: exactly one of `file` (a GraphQL multipart upload), `uploadId` (a signed upload) and `externalUrl`.',
})
export class AddPublicationVersionInput {
  @Field(() => ID, { description: 'The publication.' })
  publicationId: string;

  @Field({
    description:
      'BCP 47 language tag (e.g. "fr", "zh-Hans", "ha"): one of the six UN languages (ar, en, es, fr, ru, zh) or a local language.',
  })
  @MaxLength(VERSION_LIMITS.language)
  language: string;

  @Field({ description: `Its own title, in its language (up to ${VERSION_LIMITS.title} characters).` })
  @MaxLength(VERSION_LIMITS.title)
  title: string;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'Whether it is an official UN-language version (its language must be a UN language).',
  })
  isOfficial: boolean;

  @Field(() => GraphQLUpload, {
    nullable: true,
    description:
      'The file, sent as a GraphQL multipart request (docs/api.md, "The library"): PDF, DOCX, XLSX, PPTX ' +
      'or EPUB, checked on its content, up to MAX_UPLOAD_BYTES.',
  })
  @IsOptional()
  file?: Promise<FileUpload> | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A file sent to a signed upload URL (`createUploadUrl`), received and not attached yet.',
  })
  @IsOptional()
  @MaxLength(64)
  uploadId?: string | null;

  @Field(() => String, { nullable: true, description: 'An https link to the version elsewhere.' })
  @IsOptional()
  @MaxLength(VERSION_LIMITS.url)
  externalUrl?: string | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Which publications: every condition given must hold.' })
export class PublicationFilter {
  @Field(() => [PublicationKind], { nullable: true, description: 'Any of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(PUBLICATION_LIST_BOUNDS.filter)
  @IsEnum(PublicationKind, { each: true })
  kinds?: PublicationKind[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'With a version in any of these BCP 47 languages ("fr" also matches "fr-CA").',
  })
  @IsOptional()
  @ArrayMaxSize(PUBLICATION_LIST_BOUNDS.filter)
  @MaxLength(VERSION_LIMITS.language, { each: true })
  languages?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'In any of these thematic areas.' })
  @IsOptional()
  @ArrayMaxSize(PUBLICATION_LIST_BOUNDS.filter)
  thematicAreaCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Concerning any of these countries.' })
  @IsOptional()
  @ArrayMaxSize(PUBLICATION_LIST_BOUNDS.filter)
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Published in this year.' })
  @IsOptional()
  @Min(1945)
  @Max(2200)
  year?: number | null;

  @Field(() => Int, { nullable: true, description: 'Published in this year or later.' })
  @IsOptional()
  @Min(1945)
  @Max(2200)
  yearFrom?: number | null;

  @Field(() => Int, { nullable: true, description: 'Published in this year or earlier.' })
  @IsOptional()
  @Min(1945)
  @Max(2200)
  yearTo?: number | null;
}
