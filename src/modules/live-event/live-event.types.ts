import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { markdownSourceNote, PLAIN_TEXT_NOTE } from '../../common/markdown/render-markdown';
import { LIVE_EVENT_LIMITS } from './live-event.entity';
import {
  LiveEventStatus,
  LiveEventVisibility,
  RegistrationPolicy,
  RegistrationStatus,
  SpeakerRole,
} from './live-event.enums';

@ObjectType('LiveEvent', {
  implements: Node,
  description:
    'A live event: practitioners debate with experts in real time. Drafts are visible to their organisers, ' +
    'speakers and moderators; scheduled ones to their audience (see `visibility`).',
})
export class LiveEvent extends Node {
  @Field({ description: `Title (up to ${LIVE_EVENT_LIMITS.title} characters).` })
  title: string;

  @Field({ description: `Short summary (up to 1,000 characters). ${PLAIN_TEXT_NOTE}` })
  summary: string;

  @Field(() => LiveEventStatus, { description: 'Where it stands.' })
  status: LiveEventStatus;

  @Field(() => LiveEventVisibility, { description: 'Who may see it once scheduled.' })
  visibility: LiveEventVisibility;

  @Field(() => Date, { description: 'When it starts (an instant).' })
  startsAt: Date;

  @Field(() => Date, { description: 'When it ends (an instant).' })
  endsAt: Date;

  @Field({ description: 'The organiser’s IANA time zone (e.g. "Africa/Niamey").' })
  timeZone: string;

  @Field(() => Int, { description: 'Seats.' })
  capacity: number;

  @Field(() => RegistrationPolicy, { description: 'How people get a seat.' })
  registrationPolicy: RegistrationPolicy;

  @Field(() => Int, { description: 'Approved registrations (seats taken).' })
  registeredCount: number;

  @Field(() => Int, { description: 'Registrations in the waiting list.' })
  waitingCount: number;

  @Field(() => Date, { nullable: true, description: 'When it was last edited after its creation.' })
  editedAt: Date | null;

  @Field({ description: 'When it was created.' })
  createdAt: Date;
}

export const LiveEventConnection = Connection(LiveEvent, 'LiveEvent');

/** Exposed so that the description field's doc names its HTML twin. */
export const DESCRIPTION_DOC = `The description (up to 20,000 characters). ${markdownSourceNote('descriptionHtml')}`;

@ObjectType('LiveEventSpeaker', { description: 'One person who speaks at an event, and their role.' })
export class LiveEventSpeaker {
  @Field(() => SpeakerRole, { description: 'What they do at the event.' })
  role: SpeakerRole;
}

@ObjectType('LiveEventRegistration', {
  implements: Node,
  description:
    'One person’s registration for a live event: seen by that person and by the event’s organisers.',
})
export class LiveEventRegistration extends Node {
  @Field(() => RegistrationStatus, { description: 'Where it stands.' })
  status: RegistrationStatus;

  @Field({ description: 'When it was made (or the invitation sent).' })
  createdAt: Date;

  @Field({ description: 'When its status last changed.' })
  updatedAt: Date;
}

export const LiveEventRegistrationConnection = Connection(LiveEventRegistration, 'LiveEventRegistration');
