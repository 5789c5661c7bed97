import { registerEnumType } from 'type-graphql';

export enum LiveEventQuestionStatus {
  PENDING = 'PENDING',
  PUBLISHED = 'PUBLISHED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(LiveEventQuestionStatus, {
  name: 'LiveEventQuestionStatus',
  description: 'Where a question asked during a live event stands.',
  valuesConfig: {
    PENDING: {
      description: 'Waiting for a question moderator (moderation on); seen by moderators and its asker.',
    },
    PUBLISHED: { description: 'Shown to everybody who may see the event.' },
    DISMISSED: {
      description: 'Set aside by a question moderator (with a reason); seen by moderators and its asker.',
    },
  },
});

export enum LiveEventQuestionAnswerMode {
  LIVE = 'LIVE',
  WRITTEN = 'WRITTEN',
}
registerEnumType(LiveEventQuestionAnswerMode, {
  name: 'LiveEventQuestionAnswerMode',
  description: 'How a question was answered.',
  valuesConfig: {
    LIVE: { description: 'Answered aloud during the event.' },
    WRITTEN: { description: 'Answered in writing (`answer`).' },
  },
});

export enum LiveEventQuestionOrder {
  TOP = 'TOP',
  NEWEST = 'NEWEST',
}
registerEnumType(LiveEventQuestionOrder, {
  name: 'LiveEventQuestionOrder',
  description: 'How questions are listed.',
  valuesConfig: {
    TOP: { description: 'Pinned first, then by upvotes (most first), then newest first.' },
    NEWEST: { description: 'Newest first.' },
  },
});

export enum LiveEventQuestionChange {
  ASKED = 'ASKED',
  PUBLISHED = 'PUBLISHED',
  UPVOTED = 'UPVOTED',
  PINNED = 'PINNED',
  UNPINNED = 'UNPINNED',
  ANSWERED = 'ANSWERED',
  DISMISSED = 'DISMISSED',
  RESTORED = 'RESTORED',
  COMMENTED = 'COMMENTED',
  HIDDEN = 'HIDDEN',
  UNHIDDEN = 'UNHIDDEN',
  COMMENT_HIDDEN = 'COMMENT_HIDDEN',
  COMMENT_UNHIDDEN = 'COMMENT_UNHIDDEN',
}
registerEnumType(LiveEventQuestionChange, {
  name: 'LiveEventQuestionChange',
  description: 'What happened to a question (a `liveEventQuestionChanged` message).',
  valuesConfig: {
    ASKED: { description: 'Asked (PENDING with moderation on, else PUBLISHED).' },
    PUBLISHED: { description: 'A question moderator published it.' },
    UPVOTED: { description: 'Its upvote count changed (an upvote given or removed).' },
    PINNED: { description: 'Pinned.' },
    UNPINNED: { description: 'Unpinned.' },
    ANSWERED: { description: 'Answered (live or in writing).' },
    DISMISSED: {
      description:
        'Dismissed. Subscribers who may no longer read it receive `question: null`: remove it from the list.',
    },
    RESTORED: { description: 'A dismissed question restored (PUBLISHED if it had been, else PENDING).' },
    COMMENTED: {
      description:
        'Someone commented on it: the message carries the question (refetch or select its `comments`), ' +
        'never the comment itself, so the comments’ read rules apply as on any other path.',
    },
    HIDDEN: {
      description:
        'A moderator hid it (a report’s HIDE_CONTENT). Subscribers who may no longer read it receive ' +
        '`question: null`: remove it from the list.',
    },
    UNHIDDEN: { description: 'A moderator showed a hidden question again (RESTORE_CONTENT).' },
    COMMENT_HIDDEN: {
      description:
        'A moderator hid one of its comments (a report’s HIDE_CONTENT): like COMMENTED, the message carries ' +
        'the question (refetch its `comments`), never the comment, delivered under the question’s rules.',
    },
    COMMENT_UNHIDDEN: {
      description:
        'A moderator showed one of its hidden comments again (RESTORE_CONTENT); as COMMENT_HIDDEN.',
    },
  },
});
