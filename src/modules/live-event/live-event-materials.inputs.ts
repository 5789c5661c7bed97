import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsOptional, MaxLength, Min } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { MATERIAL_LIMITS } from './live-event-materials.entity';
import { MultiLine } from '../../common/validation/text';

/** How many people one recordLiveEventAttendance call may name. */
export const MAX_ATTENDANCE_BATCH = 200;

@InputType({ description: 'A recording of a LIVE or ENDED event.' })
export class AddLiveEventRecordingInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field(() => Language, { description: 'The language of the recording (the floor or an interpretation).' })
  language: Language;

  @Field({ description: 'Where to watch or listen: an absolute https URL (any provider).' })
  @MaxLength(MATERIAL_LIMITS.url)
  url: string;

  @Field(() => String, {
    nullable: true,
    description: `A title (up to ${MATERIAL_LIMITS.title} characters).`,
  })
  @IsOptional()
  @MaxLength(MATERIAL_LIMITS.title)
  title?: string | null;

  @Field(() => Int, { nullable: true, description: 'Its length in seconds (positive).' })
  @IsOptional()
  @Min(1)
  durationSeconds?: number | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'The recording to remove.' })
export class RemoveLiveEventRecordingInput {
  @Field(() => ID, { description: 'The recording.' })
  recordingId: string;
}

@InputType({ description: 'The transcript of an event in one language (replaces the one there is).' })
export class SetLiveEventTranscriptInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field(() => Language, { description: 'Its language.' })
  language: Language;

  @Field({ description: `The transcript in Markdown (up to ${MATERIAL_LIMITS.transcript} characters).` })
  @MaxLength(MATERIAL_LIMITS.transcript)
  @MultiLine()
  body: string;
}

@InputType({ description: 'The transcript to remove.' })
export class RemoveLiveEventTranscriptInput {
  @Field(() => ID, { description: 'The transcript.' })
  transcriptId: string;
}

@InputType({ description: 'The organisers’ summary of an event.' })
export class SetLiveEventSummaryInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field({ description: `The summary in Markdown (up to ${MATERIAL_LIMITS.summary} characters).` })
  @MaxLength(MATERIAL_LIMITS.summary)
  @MultiLine()
  summary: string;
}

@InputType({ description: 'The event whose summary becomes a good-practice post.' })
export class PublishLiveEventSummaryInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Who attended (or did not) an event.' })
export class RecordLiveEventAttendanceInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field(() => [ID], {
    nullable: true,
    defaultValue: [],
    description: `APPROVED registrations (up to ${MAX_ATTENDANCE_BATCH}).`,
  })
  @ArrayMaxSize(MAX_ATTENDANCE_BATCH)
  @ArrayUnique()
  registrationIds: string[];

  @Field(() => [ID], {
    nullable: true,
    defaultValue: [],
    description: `Practitioners with an APPROVED registration (up to ${MAX_ATTENDANCE_BATCH}).`,
  })
  @ArrayMaxSize(MAX_ATTENDANCE_BATCH)
  @ArrayUnique()
  practitionerIds: string[];

  @Field({ description: 'Whether they attended.' })
  attended: boolean;
}
