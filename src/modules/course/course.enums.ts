import { registerEnumType } from 'type-graphql';

export enum CourseStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(CourseStatus, {
  name: 'CourseStatus',
  description: 'Where a course stands.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared: seen by its facilitators and moderators only.' },
    PUBLISHED: { description: 'Open to the community (enrolment follows its enrolment policy).' },
  },
});

export enum EnrollmentPolicy {
  OPEN = 'OPEN',
  APPROVAL = 'APPROVAL',
  INVITE_ONLY = 'INVITE_ONLY',
}
registerEnumType(EnrollmentPolicy, {
  name: 'EnrollmentPolicy',
  description: 'How learners get a place in a course.',
  valuesConfig: {
    OPEN: { description: 'Enrolling approves at once while places remain.' },
    APPROVAL: { description: 'Enrolling is PENDING until a facilitator approves or declines it.' },
    INVITE_ONLY: { description: 'Only invited members may enrol (they accept their invitation).' },
  },
});

export enum EnrollmentStatus {
  INVITED = 'INVITED',
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(EnrollmentStatus, {
  name: 'EnrollmentStatus',
  description: 'Where an enrolment stands.',
  valuesConfig: {
    INVITED: { description: 'A facilitator invited the learner, who has not accepted yet.' },
    PENDING: { description: 'Waiting for a facilitator’s decision.' },
    APPROVED: { description: 'A learner of the course (holds a place).' },
    DECLINED: { description: 'A facilitator declined it.' },
    WITHDRAWN: { description: 'The learner withdrew.' },
  },
});

export enum LessonKind {
  PAGE = 'PAGE',
  RESOURCE = 'RESOURCE',
  ACTIVITY = 'ACTIVITY',
  QUIZ = 'QUIZ',
  LIVE_SESSION = 'LIVE_SESSION',
}
registerEnumType(LessonKind, {
  name: 'LessonKind',
  description: 'What a lesson is; each kind is completed by its rule (see CompletionRule).',
  valuesConfig: {
    PAGE: { description: 'A page of Markdown, in one or more languages.' },
    RESOURCE: { description: 'A publication of the library (`setLessonTarget`).' },
    ACTIVITY: { description: 'A task the learner submits as text (`submitActivity`).' },
    QUIZ: { description: 'Questions with choices and a pass mark (`setLessonQuiz`, `submitQuizAttempt`).' },
    LIVE_SESSION: { description: 'A live event of the course (`setLessonTarget`).' },
  },
});

export enum CompletionRule {
  VIEWED = 'VIEWED',
  MARKED_DONE = 'MARKED_DONE',
  SUBMITTED = 'SUBMITTED',
  QUIZ_PASSED = 'QUIZ_PASSED',
  ATTENDED = 'ATTENDED',
}
registerEnumType(CompletionRule, {
  name: 'CompletionRule',
  description: 'What completes a lesson for a learner.',
  valuesConfig: {
    VIEWED: { description: 'Reading it through `viewLesson`.' },
    MARKED_DONE: { description: 'The learner marks it done (`markLessonDone`).' },
    SUBMITTED: { description: 'Submitting the activity (`submitActivity`).' },
    QUIZ_PASSED: { description: 'Passing the quiz (`submitQuizAttempt`).' },
    ATTENDED: {
      description:
        'Attending the live session: recording the attendance completes it (shortly after, with no action of ' +
        'the learner); if the lesson is still closed then, `viewLesson` or `markLessonDone` completes it once open.',
    },
  },
});

/** The rules each kind accepts; COMPLETABLE_KINDS are those with a Markdown body (PAGE). */
export const RULES_OF_KIND: Record<LessonKind, CompletionRule[]> = {
  [LessonKind.PAGE]: [CompletionRule.VIEWED, CompletionRule.MARKED_DONE],
  [LessonKind.RESOURCE]: [CompletionRule.VIEWED, CompletionRule.MARKED_DONE],
  [LessonKind.ACTIVITY]: [CompletionRule.SUBMITTED],
  [LessonKind.QUIZ]: [CompletionRule.QUIZ_PASSED],
  [LessonKind.LIVE_SESSION]: [CompletionRule.ATTENDED],
};
export const COMPLETABLE_KINDS: readonly LessonKind[] = [LessonKind.PAGE];

export enum ModuleState {
  LOCKED = 'LOCKED',
  UNLOCKED = 'UNLOCKED',
  STARTED = 'STARTED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(ModuleState, {
  name: 'ModuleState',
  description: 'Where a module stands for you (computed per learner).',
  valuesConfig: {
    LOCKED: { description: 'Not open to you yet (see `lockReason`).' },
    UNLOCKED: { description: 'Open, nothing completed yet.' },
    STARTED: { description: 'Some of its lessons completed.' },
    COMPLETED: { description: 'All its lessons completed.' },
  },
});

export enum LockReason {
  NOT_ENROLLED = 'NOT_ENROLLED',
  MODULE_LOCKED = 'MODULE_LOCKED',
  PREREQUISITE_INCOMPLETE = 'PREREQUISITE_INCOMPLETE',
  PREVIOUS_LESSON_INCOMPLETE = 'PREVIOUS_LESSON_INCOMPLETE',
}
registerEnumType(LockReason, {
  name: 'LockReason',
  description: 'Why a module or lesson is closed to you (also `extensions.reason` of the FORBIDDEN error).',
  valuesConfig: {
    NOT_ENROLLED: { description: 'You are not an approved learner of the course.' },
    MODULE_LOCKED: { description: 'The module opens at its `unlockAt` date.' },
    PREREQUISITE_INCOMPLETE: { description: 'A prerequisite module is not completed.' },
    PREVIOUS_LESSON_INCOMPLETE: {
      description: 'The module is sequential and an earlier lesson is not completed.',
    },
  },
});

export enum CourseInvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
}
registerEnumType(CourseInvitationStatus, {
  name: 'CourseInvitationStatus',
  description: 'Where an e-mail invitation to a course stands.',
  valuesConfig: {
    PENDING: { description: 'Sent; its link works until expiresAt.' },
    ACCEPTED: {
      description:
        'Accepted: the learner is enrolled, or (invited by a facilitator who does not vet) nominated until a ' +
        'moderator verifies their account.',
    },
    EXPIRED: { description: 'Not accepted within 14 days.' },
    REVOKED: { description: 'Revoked, or its nomination removed when the account was rejected.' },
  },
});
