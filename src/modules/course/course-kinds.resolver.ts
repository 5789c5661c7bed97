import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { isVerified } from '../../common/auth/policy';
import { ForbiddenError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { toGlobalId } from '../../common/relay/global-id';
import { loadReadable, nodeType } from '../../common/relay/node-registry';
import { Node } from '../../common/relay/node.interface';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { RENDERED_HTML_NOTE, renderMarkdownOnce } from '../../common/markdown/render-markdown';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { visibleAuthor } from '../content';
import { CourseEnrollmentEntity, LessonEntity } from './course.entity';
import { LessonKind } from './course.enums';
import { CourseEnrollment, Lesson } from './course.types';
import { managesCourse, readableCourse, viewerLessonLock } from './course-access';
import { lockedError } from './course-enrollment.service';
import { ActivitySubmissionEntity, QuizAttemptEntity } from './course-kinds.entity';
import {
  GiveActivityFeedbackInput,
  SetLessonQuizInput,
  SetLessonTargetInput,
  SubmitActivityInput,
  SubmitQuizAttemptInput,
} from './course-kinds.inputs';
import { ACTIVITY_SUBMISSION_TYPE, CourseKindsService } from './course-kinds.service';
import type { QuizAttemptResult, SubmissionResult } from './course-kinds.service';
import { ActivitySubmission, ActivitySubmissionConnection, Quiz, QuizAttempt } from './course-kinds.types';

/** A submission: its learner, and those who run its course; nobody else, on any path. */
export async function canReadSubmission(ctx: Context, s: ActivitySubmissionEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  const course = await readableCourse(ctx, s.courseId);
  if (!course) return false;
  return s.practitionerId === ctx.viewer.id || managesCourse(ctx, course);
}

export const activitySubmissionNode = nodeType<ActivitySubmissionEntity>(ACTIVITY_SUBMISSION_TYPE, {
  isTypeOf: (value) => value instanceof ActivitySubmissionEntity,
  byId: (ctx, id) => ctx.loaders.courseKinds.submissionById.load(id),
  canRead: canReadSubmission,
});

@ObjectType('SetLessonQuizPayload', { description: 'The lesson with its quiz.' })
export class SetLessonQuizPayload {
  @Field(() => Lesson, { description: 'The lesson (see `quiz`).' })
  lesson: LessonEntity;
}

@ObjectType('SetLessonTargetPayload', {
  description: 'The lesson pointing to its live event or publication.',
})
export class SetLessonTargetPayload {
  @Field(() => Lesson, { description: 'The lesson.' })
  lesson: LessonEntity;
}

@ObjectType('SubmitQuizAttemptPayload', { description: 'Your attempt, scored.' })
export class SubmitQuizAttemptPayload {
  @Field(() => QuizAttempt, { description: 'The attempt (score, passed).' })
  attempt: QuizAttemptEntity;

  @Field(() => Lesson, { description: 'The lesson (`completed` once passed; `quiz` shows what is left).' })
  lesson: LessonEntity;

  @Field(() => CourseEnrollment, { description: 'Your enrolment with its progress as it is now.' })
  enrollment: CourseEnrollmentEntity;
}

@ObjectType('SubmitActivityPayload', { description: 'Your submission.' })
export class SubmitActivityPayload {
  @Field(() => ActivitySubmission, { description: 'The submission as it is now.' })
  submission: ActivitySubmissionEntity;

  @Field(() => CourseEnrollment, {
    nullable: true,
    description: 'Your enrolment with its progress; null when the request replays an earlier one.',
  })
  enrollment: CourseEnrollmentEntity | null;
}

@ObjectType('GiveActivityFeedbackPayload', { description: 'The submission with its feedback.' })
export class GiveActivityFeedbackPayload {
  @Field(() => ActivitySubmission, { description: 'The submission as it is now.' })
  submission: ActivitySubmissionEntity;
}

@Resolver(() => Lesson)
export class LessonKindsResolver {
  constructor(private readonly service: CourseKindsService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => SetLessonQuizPayload, {
    description:
      'Sets the quiz of a QUIZ lesson: pass mark, attempts, questions with their choices (facilitators and ' +
      'moderators). Replaces the questions; earlier attempts keep their score.',
  })
  async setLessonQuiz(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SetLessonQuizInput, { description: 'The quiz.' }) input: SetLessonQuizInput,
  ): Promise<SetLessonQuizPayload> {
    return { lesson: await this.service.setQuiz(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => SetLessonTargetPayload, {
    description:
      'Points a LIVE_SESSION lesson at a live event of the course (organised by one of its facilitators or ' +
      'held for its cohort network; else BAD_USER_INPUT NOT_A_COURSE_EVENT), or a RESOURCE lesson at a ' +
      'publication of the library (facilitators and moderators). The target must be visible to you (else ' +
      'NOT_FOUND).',
  })
  async setLessonTarget(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SetLessonTargetInput, { description: 'The lesson and its target.' })
    input: SetLessonTargetInput,
  ): Promise<SetLessonTargetPayload> {
    return { lesson: await this.service.setTarget(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('reaction')
  @Mutation(() => SubmitQuizAttemptPayload, {
    description:
      'Submits an attempt at the quiz of an open QUIZ lesson; scored on the server; passing completes the ' +
      'lesson (QUIZ_PASSED). CONFLICT ALREADY_PASSED or QUIZ_NOT_READY; FORBIDDEN ATTEMPTS_EXHAUSTED or a ' +
      'LockReason.',
  })
  submitQuizAttempt(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SubmitQuizAttemptInput, { description: 'The answers.' })
    input: SubmitQuizAttemptInput,
  ): Promise<QuizAttemptResult> {
    return this.service.submitQuizAttempt(viewer, input);
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => SubmitActivityPayload, {
    description:
      'Submits (or resubmits, until feedback is given: CONFLICT FEEDBACK_GIVEN) your work on an open ' +
      'ACTIVITY lesson; completes it (SUBMITTED).',
  })
  submitActivity(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SubmitActivityInput, { description: 'Your work.' }) input: SubmitActivityInput,
  ): Promise<SubmissionResult> {
    return this.service.submitActivity(viewer, input);
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => GiveActivityFeedbackPayload, {
    description:
      'Gives feedback on a submission (facilitators and moderators of its course; its learner is notified, ' +
      'COURSE_ACTIVITY_FEEDBACK).',
  })
  async giveActivityFeedback(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => GiveActivityFeedbackInput, { description: 'The feedback.' })
    input: GiveActivityFeedbackInput,
  ): Promise<GiveActivityFeedbackPayload> {
    return { submission: await this.service.giveFeedback(viewer, input) };
  }

  /** The course if the viewer runs it (true) or the lesson is open to them (false); FORBIDDEN otherwise. */
  private async openTo(l: LessonEntity, ctx: Context): Promise<boolean> {
    const course = await readableCourse(ctx, l.courseId);
    if (!course) throw new ForbiddenError('You cannot see this course.');
    if (await managesCourse(ctx, course)) return true;
    const reason = await viewerLessonLock(ctx, l);
    if (reason) throw lockedError(reason);
    return false;
  }

  @FieldResolver(() => Quiz, {
    nullable: true,
    description:
      'QUIZ lessons: the quiz (null until set). Same access as `body` (FORBIDDEN with a LockReason when the ' +
      'lesson is closed to you). `QuizChoice.correct` is null for learners until they pass or use their last ' +
      'attempt.',
  })
  async quiz(@Root() l: LessonEntity, @Ctx() ctx: Context): Promise<Quiz | null> {
    if (l.kind !== LessonKind.QUIZ) return null;
    const manager = await this.openTo(l, ctx);
    const [quiz, attempts] = await Promise.all([
      ctx.loaders.courseKinds.quiz.load(l.id),
      ctx.loaders.courseKinds.viewerAttempts.load(l.id),
    ]);
    if (!quiz) return null;
    const passed = attempts.some((a) => a.passed);
    const attemptsLeft = passed ? 0 : Math.max(0, quiz.maxAttempts - attempts.length);
    const revealed = manager || passed || attemptsLeft === 0;
    return {
      passMark: quiz.passMark,
      maxAttempts: quiz.maxAttempts,
      questions: quiz.questions.map((q) => ({
        id: q.id,
        prompt: q.prompt,
        multiple: q.multiple,
        choices: q.choices.map((c) => ({ id: c.id, text: c.text, correct: revealed ? c.correct : null })),
      })),
      attempts,
      attemptsLeft,
      passed,
      answersRevealed: revealed,
    };
  }

  @FieldResolver(() => ActivitySubmission, {
    nullable: true,
    description: 'ACTIVITY lessons: your own submission, or null.',
  })
  async mySubmission(@Root() l: LessonEntity, @Ctx() ctx: Context): Promise<ActivitySubmissionEntity | null> {
    if (l.kind !== LessonKind.ACTIVITY || !isVerified(ctx.viewer)) return null;
    return ctx.loaders.courseKinds.viewerSubmission.load(l.id);
  }

  @Authorized(COMMUNITY)
  @FieldResolver(() => ActivitySubmissionConnection, {
    description:
      'ACTIVITY lessons: the cohort’s submissions, oldest first, for the course’s facilitators and ' +
      'moderators only (FORBIDDEN otherwise).',
  })
  async submissions(
    @Root() l: LessonEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<ActivitySubmissionEntity>> {
    const course = await readableCourse(ctx, l.courseId);
    if (!course || !(await managesCourse(ctx, course)))
      throw new ForbiddenError('Only the course’s facilitators and moderators see its submissions.');
    return this.service.submissions(l.id, args);
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description:
      'LIVE_SESSION lessons: the LiveEvent whose attendance completes it; RESOURCE lessons: the Publication. ' +
      'Null when unset or when you may not see it (its own policy).',
  })
  target(@Root() l: LessonEntity, @Ctx() ctx: Context): Promise<object | null> {
    if (l.liveEventId) return loadReadable(ctx, 'LiveEvent', l.liveEventId);
    if (l.publicationId) return loadReadable(ctx, 'Publication', l.publicationId);
    return Promise.resolve(null);
  }
}

@Resolver(() => ActivitySubmission)
export class ActivitySubmissionResolver {
  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() s: ActivitySubmissionEntity): string {
    return toGlobalId(ACTIVITY_SUBMISSION_TYPE, s.id);
  }

  @FieldResolver(() => Lesson, { description: 'The lesson.' })
  async lesson(@Root() s: ActivitySubmissionEntity, @Ctx() ctx: Context): Promise<LessonEntity> {
    return (await ctx.loaders.course.lessonById.load(s.lessonId))!;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'The learner; null if their profile is not visible to you.',
  })
  learner(@Root() s: ActivitySubmissionEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, s.practitionerId);
  }

  @FieldResolver(() => String, { description: `The submission as HTML. ${RENDERED_HTML_NOTE}` })
  bodyHtml(@Root() s: ActivitySubmissionEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, s.body);
  }

  @FieldResolver(() => String, { nullable: true, description: `The feedback as HTML. ${RENDERED_HTML_NOTE}` })
  feedbackHtml(@Root() s: ActivitySubmissionEntity, @Ctx() ctx: Context): string | null {
    return s.feedback === null ? null : renderMarkdownOnce(ctx, s.feedback);
  }
}
