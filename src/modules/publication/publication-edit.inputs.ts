import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { GraphQLUpload } from 'graphql-upload-minimal';
import type { FileUpload } from 'graphql-upload-minimal';
import { COUNTRY_CODE } from '../practitioner';
import { Language } from '../../common/i18n/language';
import { UpdateContentFields } from '../content';
import { PUBLICATION_LIMITS, VERSION_LIMITS } from './publication.entity';
import { PublicationKind } from './publication.enums';
import { PUBLICATION_LIST_BOUNDS } from './publication.inputs';

const UPDATE = UpdateContentFields({
  limits: PUBLICATION_LIMITS,
  body: 'Description in Markdown',
  thematicAreas: PUBLICATION_LIST_BOUNDS.thematicAreas,
  thematicAreasDescription: `Replaces its thematic areas (up to ${PUBLICATION_LIST_BOUNDS.thematicAreas}).`,
});

@InputType({
  description:
    'Changes to a publication’s metadata: the fields given replace the current ones (null or absent: unchanged; ' +
    'an empty string clears `symbol` and `isbn`). Its visibility and networks are not changed here.',
})
export class UpdatePublicationInput {
  @Field(() => ID, { description: 'The publication.' })
  publicationId: string;

  @Field(() => PublicationKind, { nullable: true, description: 'What it is.' })
  @IsOptional()
  @IsEnum(PublicationKind)
  kind?: PublicationKind | null;

  @UPDATE.title
  title?: string | null;

  @UPDATE.summary
  summary?: string | null;

  @UPDATE.body
  description?: string | null;

  @UPDATE.language
  language?: Language | null;

  @Field(() => String, { nullable: true, description: 'The UN document symbol (up to 100 characters).' })
  @IsOptional()
  @MaxLength(100)
  symbol?: string | null;

  @Field(() => String, { nullable: true, description: 'ISBN-10 or ISBN-13; its check digit is verified.' })
  @IsOptional()
  @MaxLength(20)
  isbn?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year of publication (1945 to 2200).' })
  @IsOptional()
  @Min(1945)
  @Max(2200)
  year?: number | null;

  @UPDATE.thematicAreaCodes
  thematicAreaCodes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Replaces the countries concerned (ISO 3166-1 alpha-2, up to 50).',
  })
  @IsOptional()
  @ArrayMaxSize(PUBLICATION_LIST_BOUNDS.countries)
  @ArrayUnique()
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes?: string[] | null;
}

@InputType({
  description:
    'Changes to a language version: the fields given replace the current ones. At most one of `file` (a new ' +
    'file, GraphQL multipart upload), `uploadId` (a file sent to a signed upload URL) and `externalUrl` (a link ' +
    'instead): either replaces the version’s file or link.',
})
export class UpdatePublicationVersionInput {
  @Field(() => ID, { description: 'The version.' })
  versionId: string;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag (e.g. "fr", "zh-Hans", "ha").' })
  @IsOptional()
  @MaxLength(VERSION_LIMITS.language)
  language?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Its own title, in its language (up to ${VERSION_LIMITS.title} characters).`,
  })
  @IsOptional()
  @MaxLength(VERSION_LIMITS.title)
  title?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether it is an official UN-language version (its language must be a UN language).',
  })
  @IsOptional()
  isOfficial?: boolean | null;

  @Field(() => GraphQLUpload, {
    nullable: true,
    description:
      'A new file (PDF, DOCX, XLSX, PPTX or EPUB, checked on its content, up to MAX_UPLOAD_BYTES); the old ' +
      'file is removed once the change is saved.',
  })
  @IsOptional()
  file?: Promise<FileUpload> | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'A file sent to a signed upload URL (`createUploadUrl`), received and not attached yet: it replaces the ' +
      'version’s file or link (the old file is removed once the change is saved).',
  })
  @IsOptional()
  @MaxLength(64)
  uploadId?: string | null;

  @Field(() => String, { nullable: true, description: 'An https link that replaces its file or link.' })
  @IsOptional()
  @MaxLength(VERSION_LIMITS.url)
  externalUrl?: string | null;
}

@InputType({ description: 'A language version to remove (its file is removed from the storage).' })
export class RemovePublicationVersionInput {
  @Field(() => ID, { description: 'The version.' })
  versionId: string;
}

@InputType({ description: 'A publication to delete, with its versions and their files.' })
export class DeletePublicationInput {
  @Field(() => ID, { description: 'The publication.' })
  publicationId: string;
}
