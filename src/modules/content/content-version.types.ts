import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { ListSize } from '../../common/limits/list-size';
import { MultiLine } from '../../common/validation/text';
import { CodePointLength } from '../practitioner';
import { Node } from '../../common/relay/node.interface';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { VersionOrigin, VersionReviewState } from './content-version.enums';

/** One language version of a piece of content: the original, or a translation with its provenance. */
@ObjectType('ContentVersion', {
  implements: Node,
  description:
    'One language version of a piece of content: the original or a translation, with where it comes from. ' +
    'Machine output is always labelled (`origin` MACHINE, `isMachineTranslation`).',
})
export class ContentVersion extends Node {
  @Field(() => Language, { description: 'The language given (which may not be the one asked for).' })
  language: Language;

  @Field(() => String, { description: 'Title, plain text.' })
  title: string;

  @Field(() => String, { description: 'Summary, plain text.' })
  summary: string;

  @Field(() => String, { description: 'Body in Markdown (see `bodyHtml`).' })
  body: string;

  @Field(() => VersionOrigin, { description: 'Where this version comes from.' })
  origin: VersionOrigin;

  @Field(() => String, {
    nullable: true,
    description: 'The machine-translation engine, for MACHINE and MACHINE_POST_EDITED versions.',
  })
  engine: string | null;

  @Field(() => Int, { description: 'The revision of the original it was made from (1 for a new original).' })
  sourceRevision: number;

  @Field(() => Boolean, { description: 'The original changed after this translation was made.' })
  isOutdated: boolean;

  @Field(() => VersionReviewState, { description: 'Its review (the original is REVIEWED).' })
  reviewState: VersionReviewState;

  @Field(() => [Language], { description: 'The other languages you could read this content in.' })
  @ListSize(Object.keys(Language).length)
  availableLanguages: Language[];
}

@InputType({ description: 'A human translation of content into one language.' })
export class SubmitTranslationInput {
  @Field(() => ID, {
    description: 'The content (a post, legal development, live event, course, publication).',
  })
  contentId: string;

  @Field(() => Language, { description: 'The language of the version.' })
  @IsEnum(Language)
  language: Language;

  @Field(() => String, { description: 'Title (1 to 300 characters).' })
  @CodePointLength(1, 300)
  title: string;

  @Field(() => String, { nullable: true, defaultValue: '', description: 'Summary (up to 2,000 characters).' })
  @CodePointLength(0, 2000)
  @MultiLine()
  summary: string;

  @Field(() => String, {
    nullable: true,
    defaultValue: '',
    description: 'Body in Markdown (up to 50,000 characters).',
  })
  @CodePointLength(0, 50000)
  @MultiLine()
  body: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'You edited the machine translation (origin MACHINE_POST_EDITED instead of HUMAN).',
  })
  @IsOptional()
  postEdited: boolean;
}

@ObjectType({ description: 'What `submitTranslation` returns.' })
export class SubmitTranslationPayload {
  @Field(() => ContentVersion, { description: 'The version, as you may see it.' })
  version: ContentVersion;
}

@InputType({ description: 'A reviewer’s decision on a translation.' })
export class ReviewTranslationInput {
  @Field(() => ID, { description: 'The content.' })
  contentId: string;

  @Field(() => Language, { description: 'The language of the version.' })
  @IsEnum(Language)
  language: Language;

  @Field(() => Boolean, { description: 'true: REVIEWED; false: REJECTED.' })
  accept: boolean;
}

@ObjectType({ description: 'What `reviewTranslation` returns.' })
export class ReviewTranslationPayload {
  @Field(() => ContentVersion, { description: 'The version, as you may see it.' })
  version: ContentVersion;
}

@InputType({ description: 'Asks for a machine translation (when the server has an engine).' })
export class RequestTranslationInput {
  @Field(() => ID, { description: 'The content.' })
  contentId: string;

  @Field(() => Language, { description: 'The language of the version.' })
  @IsEnum(Language)
  language: Language;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'What `requestTranslation` returns.' })
export class RequestTranslationPayload {
  @Field(() => ID, { description: 'The content; follow `translationReady(contentId)` for the result.' })
  contentId: string;

  @Field(() => Language, { description: 'The language asked for.' })
  language: Language;

  @Field(() => Int, { description: 'Machine translations of this content and language left today.' })
  remainingToday: number;
}
