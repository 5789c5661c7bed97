import { registerEnumType } from 'type-graphql';

export enum NetworkKind {
  COUNTRY = 'COUNTRY',
  REGIONAL = 'REGIONAL',
  THEMATIC = 'THEMATIC',
  WORKING_GROUP = 'WORKING_GROUP',
}
registerEnumType(NetworkKind, {
  name: 'NetworkKind',
  description: 'What a network gathers people around.',
  valuesConfig: {
    COUNTRY: {
      description: 'The practitioners of one country; verified members join their own automatically.',
    },
    REGIONAL: { description: 'A UN M49 sub-region or a named grouping such as the Sahel.' },
    THEMATIC: { description: 'One thematic area.' },
    WORKING_GROUP: {
      description: 'A group created and owned by a verified practitioner, e.g. around a course.',
    },
  },
});

export enum JoinPolicy {
  OPEN = 'OPEN',
  REQUEST = 'REQUEST',
  INVITE = 'INVITE',
}
registerEnumType(JoinPolicy, {
  name: 'JoinPolicy',
  description: 'How one becomes a member.',
  valuesConfig: {
    OPEN: { description: 'Any verified practitioner joins at once.' },
    REQUEST: { description: 'Joining creates a request that an owner or moderator of the network approves.' },
    INVITE: {
      description: 'Only people invited by an owner or moderator can join (by accepting the invitation).',
    },
  },
});

export enum NetworkRole {
  OWNER = 'OWNER',
  MODERATOR = 'MODERATOR',
  MEMBER = 'MEMBER',
}
registerEnumType(NetworkRole, {
  name: 'NetworkRole',
  description: 'A member’s role within one network.',
  valuesConfig: {
    OWNER: { description: 'Created or owns the network: edits it and manages members and moderators.' },
    MODERATOR: { description: 'Approves requests, invites, and reviews posts shared with the network.' },
    MEMBER: { description: 'A member.' },
  },
});

export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  REQUESTED = 'REQUESTED',
  INVITED = 'INVITED',
}
registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: 'Where a membership stands.',
  valuesConfig: {
    ACTIVE: { description: 'A member.' },
    REQUESTED: { description: 'Asked to join; awaiting an owner or moderator.' },
    INVITED: { description: 'Invited; awaiting the invitee.' },
  },
});
