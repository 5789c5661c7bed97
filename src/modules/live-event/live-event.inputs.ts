import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { COUNTRY_CODE } from '../practitioner';
import { Language } from '../../common/i18n/language';
import { CreateContentFields, UpdateContentFields } from '../content';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { LIVE_EVENT_LIMITS, MAX_CAPACITY } from './live-event.entity';
import { LiveEventStatus, LiveEventVisibility, RegistrationPolicy, SpeakerRole } from './live-event.enums';

/** How many countries, thematic areas, networks, languages and speakers an event may list. */
export const LIVE_EVENT_LIST_BOUNDS = {
  countries: 50,
  thematicAreas: 10,
  networks: 20,
  languages: 6,
  speakers: 30,
} as const;

const SHAPE = {
  limits: LIVE_EVENT_LIMITS,
  body: 'Description in Markdown',
  thematicAreas: LIVE_EVENT_LIST_BOUNDS.thematicAreas,
};
const CREATE = CreateContentFields(SHAPE);
const UPDATE = UpdateContentFields({
  ...SHAPE,
  thematicAreasDescription: 'Thematic areas (replaces the list).',
});

@InputType({ description: 'One person who speaks at an event, and their role.' })
export class LiveEventSpeakerInput {
  @Field(() => ID, { description: 'The practitioner.' })
  practitionerId: string;

  @Field(() => SpeakerRole, { description: 'What they do at the event.' })
  role: SpeakerRole;
}

@InputType({ description: 'A new live event; it starts as a DRAFT.' })
export class CreateLiveEventInput {
  @CREATE.title
  title: string;

  @CREATE.summary
  summary: string;

  @CREATE.body
  description: string;

  @CREATE.language
  floorLanguage: Language;

  @Field(() => [Language], {
    nullable: true,
    defaultValue: [],
    description: 'Languages interpreted from the floor (up to 6).',
  })
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.languages)
  @ArrayUnique()
  @IsEnum(Language, { each: true })
  interpretationLanguages: Language[];

  @Field(() => Date, { description: 'When it starts (an instant).' })
  startsAt: Date;

  @Field(() => Date, { description: 'When it ends (an instant after `startsAt`).' })
  endsAt: Date;

  @Field({ description: 'The organiser’s IANA time zone, e.g. "Africa/Niamey" (for display and calendars).' })
  @MaxLength(64)
  timeZone: string;

  @Field(() => LiveEventVisibility, {
    nullable: true,
    defaultValue: LiveEventVisibility.COMMUNITY,
    description: 'Who may see it once scheduled.',
  })
  @IsEnum(LiveEventVisibility)
  visibility: LiveEventVisibility;

  @Field(() => [ID], {
    nullable: true,
    defaultValue: [],
    description: 'The networks it is held for (up to 20); required for NETWORKS visibility.',
  })
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.networks)
  @ArrayUnique()
  networkIds: string[];

  @CREATE.thematicAreaCodes
  thematicAreaCodes: string[];

  @Field(() => [String], {
    nullable: true,
    defaultValue: [],
    description: 'ISO 3166-1 alpha-2 codes of the countries concerned (up to 50).',
  })
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.countries)
  @ArrayUnique()
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes: string[];

  @Field(() => Int, { description: `Seats (1 to ${MAX_CAPACITY.toLocaleString('en')}).` })
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity: number;

  @Field(() => RegistrationPolicy, {
    nullable: true,
    defaultValue: RegistrationPolicy.OPEN,
    description: 'How people get a seat.',
  })
  @IsEnum(RegistrationPolicy)
  registrationPolicy: RegistrationPolicy;

  @Field(() => String, { nullable: true, description: 'The https URL of the video room (any provider).' })
  @IsOptional()
  @MaxLength(2000)
  joinUrl?: string | null;

  @Field(() => [LiveEventSpeakerInput], {
    nullable: true,
    defaultValue: [],
    description: 'Speakers besides you (you are listed as ORGANIZER), up to 30.',
  })
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.speakers)
  speakers: LiveEventSpeakerInput[];

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'Changes to a DRAFT or SCHEDULED event. Omitted fields stay as they are.' })
export class UpdateLiveEventInput {
  @Field(() => ID, { description: 'The event.' })
  id: string;

  @UPDATE.title
  title?: string | null;

  @UPDATE.summary
  summary?: string | null;

  @UPDATE.body
  description?: string | null;

  @UPDATE.language
  floorLanguage?: Language | null;

  @Field(() => [Language], { nullable: true, description: 'Interpretation languages (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.languages)
  @ArrayUnique()
  @IsEnum(Language, { each: true })
  interpretationLanguages?: Language[] | null;

  @Field(() => Date, { nullable: true, description: 'When it starts.' })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it ends (after the start).' })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The organiser’s IANA time zone.' })
  @IsOptional()
  @MaxLength(64)
  timeZone?: string | null;

  @UPDATE.thematicAreaCodes
  thematicAreaCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Countries concerned (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.countries)
  @ArrayUnique()
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Seats; never below the approved registrations.' })
  @IsOptional()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @Field(() => RegistrationPolicy, { nullable: true, description: 'How people get a seat.' })
  @IsOptional()
  @IsEnum(RegistrationPolicy)
  registrationPolicy?: RegistrationPolicy | null;

  @Field(() => String, { nullable: true, description: 'The https URL of the video room; "" removes it.' })
  @IsOptional()
  @MaxLength(2000)
  joinUrl?: string | null;

  @Field(() => [LiveEventSpeakerInput], {
    nullable: true,
    description: 'Speakers besides the author (replaces the list).',
  })
  @IsOptional()
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.speakers)
  speakers?: LiveEventSpeakerInput[] | null;
}

@InputType({ description: 'The event to schedule (DRAFT → SCHEDULED).' })
export class ScheduleLiveEventInput {
  @Field(() => ID, { description: 'The event.' })
  id: string;
}

@InputType({ description: 'The event to start (SCHEDULED → LIVE).' })
export class StartLiveEventInput {
  @Field(() => ID, { description: 'The event.' })
  id: string;
}

@InputType({ description: 'The event to end (LIVE → ENDED).' })
export class EndLiveEventInput {
  @Field(() => ID, { description: 'The event.' })
  id: string;
}

@InputType({ description: 'The event to cancel (DRAFT, SCHEDULED or LIVE → CANCELLED).' })
export class CancelLiveEventInput {
  @Field(() => ID, { description: 'The event.' })
  id: string;
}

@InputType({ description: 'The event to register for.' })
export class RegisterForLiveEventInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  @IsOptional()
  idempotencyKey?: string | null;
}

@InputType({ description: 'The event to withdraw from.' })
export class WithdrawFromLiveEventInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;
}

@InputType({ description: 'The registration to approve.' })
export class ApproveLiveEventRegistrationInput {
  @Field(() => ID, { description: 'The registration (PENDING or WAITING).' })
  registrationId: string;
}

@InputType({ description: 'The registration to decline.' })
export class DeclineLiveEventRegistrationInput {
  @Field(() => ID, { description: 'The registration (INVITED, PENDING, APPROVED or WAITING).' })
  registrationId: string;
}

@InputType({ description: 'Whom to invite to which event.' })
export class InviteToLiveEventInput {
  @Field(() => ID, { description: 'The event.' })
  liveEventId: string;

  @Field(() => ID, { description: 'The practitioner to invite.' })
  practitionerId: string;
}

@InputType({ description: 'Which live events to list (all conditions apply together).' })
export class LiveEventFilter {
  @Field(() => Date, { nullable: true, description: 'Events that end at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Events that start before this instant.' })
  to?: Date | null;

  @Field(() => [LiveEventStatus], { nullable: true, description: 'Only these statuses.' })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsEnum(LiveEventStatus, { each: true })
  status?: LiveEventStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Events concerning one of these thematic areas.' })
  @IsOptional()
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.thematicAreas)
  @MaxLength(64, { each: true })
  thematicAreaCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Events concerning one of these countries.' })
  @IsOptional()
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.countries)
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  countryCodes?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Events held for one of these networks.' })
  @IsOptional()
  @ArrayMaxSize(LIVE_EVENT_LIST_BOUNDS.networks)
  networkIds?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: events you registered for (invited, pending, approved or waiting); false: the others.',
  })
  registered?: boolean | null;
}
