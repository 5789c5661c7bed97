import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { IsEnum, IsOptional, MaxLength, Min } from 'class-validator';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { VERSION_LIMITS } from './publication.entity';

/** What a signed upload is for. */
export enum UploadPurpose {
  PUBLICATION_VERSION = 'PUBLICATION_VERSION',
}
registerEnumType(UploadPurpose, {
  name: 'UploadPurpose',
  description: 'What a signed upload is for.',
  valuesConfig: {
    PUBLICATION_VERSION: {
      description:
        'The file of a publication’s language version (`addPublicationVersion(input: { uploadId })`).',
    },
  },
});

@InputType({ description: 'A file about to be sent to a signed upload URL.' })
export class CreateUploadUrlInput {
  @Field({
    description: `The file's name (up to ${VERSION_LIMITS.filename} characters; shown, never used as a path).`,
  })
  @MaxLength(VERSION_LIMITS.filename)
  fileName: string;

  @Field(() => Int, {
    description: 'Its size in bytes (1 to MAX_UPLOAD_BYTES): the upload may send no more.',
  })
  @Min(1)
  size: number;

  @Field({
    description:
      'Its media type: one of those of PDF, DOCX, XLSX, PPTX and EPUB (the stored type is the one found in the content).',
  })
  @MaxLength(100)
  mediaType: string;

  @Field(() => UploadPurpose, { description: 'What it is for.' })
  @IsEnum(UploadPurpose)
  purpose: UploadPurpose;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}
