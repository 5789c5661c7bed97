import { registerEnumType } from 'type-graphql';

export enum LiveEventStatus {
  DRAFT = 'DRAFT',
  SCHEDULED = 'SCHEDULED',
  LIVE = 'LIVE',
  ENDED = 'ENDED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(LiveEventStatus, {
  name: 'LiveEventStatus',
  description: 'Where a live event stands.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared; visible to its organisers, speakers and moderators only.' },
    SCHEDULED: { description: 'Announced to its audience; registration is open.' },
    LIVE: { description: 'Taking place now; registration stays open.' },
    ENDED: { description: 'Over.' },
    CANCELLED: { description: 'Called off; registrants were told.' },
  },
});

export enum LiveEventVisibility {
  COMMUNITY = 'COMMUNITY',
  NETWORKS = 'NETWORKS',
}
registerEnumType(LiveEventVisibility, {
  name: 'LiveEventVisibility',
  description: 'Who may see (and register for) a live event once it is scheduled.',
  valuesConfig: {
    COMMUNITY: { description: 'Every verified member.' },
    NETWORKS: { description: 'Active members of the networks it is held for (`networks`).' },
  },
});

export enum RegistrationPolicy {
  OPEN = 'OPEN',
  APPROVAL = 'APPROVAL',
  INVITE_ONLY = 'INVITE_ONLY',
}
registerEnumType(RegistrationPolicy, {
  name: 'LiveEventRegistrationPolicy',
  description: 'How people get a seat.',
  valuesConfig: {
    OPEN: { description: 'Registrations are approved while seats remain, then wait in the waiting list.' },
    APPROVAL: { description: 'Registrations wait (PENDING) until an organiser approves or declines them.' },
    INVITE_ONLY: { description: 'Only invited people can register (accepting the invitation).' },
  },
});

export enum SpeakerRole {
  ORGANIZER = 'ORGANIZER',
  MODERATOR = 'MODERATOR',
  SPEAKER = 'SPEAKER',
  INTERPRETER = 'INTERPRETER',
}
registerEnumType(SpeakerRole, {
  name: 'LiveEventSpeakerRole',
  description: 'What a person does at a live event.',
  valuesConfig: {
    ORGANIZER: { description: 'Organises it: edits it, runs it and decides on registrations.' },
    MODERATOR: { description: 'Chairs the debate.' },
    SPEAKER: { description: 'Speaks (an expert or a practitioner).' },
    INTERPRETER: { description: 'Interprets into one of the interpretation languages.' },
  },
});

export enum RegistrationStatus {
  INVITED = 'INVITED',
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  WAITING = 'WAITING',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(RegistrationStatus, {
  name: 'LiveEventRegistrationStatus',
  description: 'Where one person’s registration for a live event stands.',
  valuesConfig: {
    INVITED: { description: 'Invited by an organiser; registering accepts the invitation.' },
    PENDING: { description: 'Asked for a seat; an organiser decides (APPROVAL events).' },
    APPROVED: { description: 'Has a seat (and the join URL near the start).' },
    WAITING: { description: 'In the waiting list; promoted automatically when a seat frees.' },
    DECLINED: { description: 'Refused by an organiser.' },
    WITHDRAWN: { description: 'Withdrew (may register again).' },
  },
});

/** Registrations that hold or ask for a place (a person with one of these cannot register again). */
export const ACTIVE_REGISTRATION: readonly RegistrationStatus[] = [
  RegistrationStatus.INVITED,
  RegistrationStatus.PENDING,
  RegistrationStatus.APPROVED,
  RegistrationStatus.WAITING,
];
