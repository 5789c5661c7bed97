import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { isVerified } from '../../common/auth/policy';
import { ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import {
  markdownSourceNote,
  RENDERED_HTML_NOTE,
  renderMarkdownOnce,
} from '../../common/markdown/render-markdown';
import { filter, filterMapAsyncIterable, pipe, SKIP } from '../../common/pubsub/async-iterables';
import type { Topics } from '../../common/pubsub/pubsub';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { visibleAuthor } from '../content';
import { LiveEventEntity } from './live-event.entity';
import { LiveEvent } from './live-event.types';
import { canReadLiveEvent, LIVE_EVENT_TYPE } from './live-event.resolver';
import { LiveEventQuestionEntity } from './live-event-question.entity';
import {
  LiveEventQuestionChange,
  LiveEventQuestionOrder,
  LiveEventQuestionStatus,
} from './live-event-question.enums';
import {
  AnswerLiveEventQuestionInput,
  AskLiveEventQuestionInput,
  DismissLiveEventQuestionInput,
  LiveEventQuestionFilter,
  PinLiveEventQuestionInput,
  PublishLiveEventQuestionInput,
  RemoveLiveEventQuestionUpvoteInput,
  RestoreLiveEventQuestionInput,
  SetLiveEventQuestionSettingsInput,
  UnpinLiveEventQuestionInput,
  UpvoteLiveEventQuestionInput,
} from './live-event-question.inputs';
import {
  canSeeAsker,
  canViewLiveEventQuestion,
  isQuestionModerator,
  isQuestionParticipant,
} from './live-event-question.policy';
import { LiveEventQuestionService } from './live-event-question.service';
import {
  AnswerLiveEventQuestionPayload,
  AskLiveEventQuestionPayload,
  DismissLiveEventQuestionPayload,
  LiveEventQuestion,
  LiveEventQuestionChangedPayload,
  LiveEventQuestionConnection,
  PinLiveEventQuestionPayload,
  PublishLiveEventQuestionPayload,
  RemoveLiveEventQuestionUpvotePayload,
  RestoreLiveEventQuestionPayload,
  SetLiveEventQuestionSettingsPayload,
  UnpinLiveEventQuestionPayload,
  UpvoteLiveEventQuestionPayload,
} from './live-event-question.types';
import type { QuestionChangeMessage } from './live-event-question.types';

export const LIVE_EVENT_QUESTION_TYPE = 'LiveEventQuestion';

async function peopleOf(ctx: Context, eventId: string) {
  return { speakers: await ctx.loaders.liveEvent.speakers.load(eventId) };
}

/** Whether the viewer moderates the questions of the event (through the request's loaders). */
export async function moderatesQuestions(ctx: Context, event: LiveEventEntity): Promise<boolean> {
  return isQuestionModerator(ctx.viewer, event, await peopleOf(ctx, event.id));
}

/** Whether the viewer takes part in the event's Q&A (and may see the event). */
async function takesPart(ctx: Context, event: LiveEventEntity): Promise<boolean> {
  if (!(await canReadLiveEvent(ctx, event))) return false;
  const [people, mine] = await Promise.all([
    peopleOf(ctx, event.id),
    ctx.loaders.liveEvent.viewerRegistration.load(event.id),
  ]);
  return isQuestionParticipant(ctx.viewer, event, people, mine?.status ?? null);
}

/** canViewLiveEventQuestion with the facts this request's loaders hold. */
export async function canReadLiveEventQuestion(ctx: Context, q: LiveEventQuestionEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  const event = await ctx.loaders.liveEvent.byId.load(q.eventId);
  if (!event) return false;
  const [readable, moderator] = await Promise.all([
    canReadLiveEvent(ctx, event),
    moderatesQuestions(ctx, event),
  ]);
  return canViewLiveEventQuestion(ctx.viewer, q, readable, moderator);
}

export const liveEventQuestionNode = nodeType<LiveEventQuestionEntity>(LIVE_EVENT_QUESTION_TYPE, {
  isTypeOf: (value) => value instanceof LiveEventQuestionEntity,
  byId: (ctx, id) => ctx.loaders.liveEventQuestion.byId.load(id),
  canRead: canReadLiveEventQuestion,
});

const q = (question: LiveEventQuestionEntity) => ({ question });
const questionId = (id: string) => fromGlobalIdOf(LIVE_EVENT_QUESTION_TYPE, id, 'questionId');

@Resolver(() => LiveEventQuestion)
export class LiveEventQuestionResolver {
  constructor(private readonly questions: LiveEventQuestionService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => AskLiveEventQuestionPayload, {
    description:
      'Asks a question at a SCHEDULED or LIVE event while its questions are open: approved participants, ' +
      'speakers and organisers. PENDING until a question moderator publishes it (moderation on, the ' +
      'default), else PUBLISHED at once.',
  })
  async askLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => AskLiveEventQuestionInput, { description: 'The question.' })
    input: AskLiveEventQuestionInput,
  ) {
    const id = fromGlobalIdOf(LIVE_EVENT_TYPE, input.liveEventId, 'liveEventId');
    return q(await this.questions.ask(viewer, id, input));
  }

  @Authorized(COMMUNITY)
  @RateLimit('reaction')
  @Mutation(() => UpvoteLiveEventQuestionPayload, {
    description:
      'Upvotes a PUBLISHED question of a SCHEDULED or LIVE event (approved participants, speakers, ' +
      'organisers); once per practitioner (repeating is a no-op).',
  })
  async upvoteLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpvoteLiveEventQuestionInput, { description: 'The question.' })
    input: UpvoteLiveEventQuestionInput,
  ) {
    return q(await this.questions.upvote(viewer, questionId(input.questionId), true));
  }

  @Authorized(COMMUNITY)
  @RateLimit('reaction')
  @Mutation(() => RemoveLiveEventQuestionUpvotePayload, {
    description: 'Takes back your upvote of a question (a no-op without one).',
  })
  async removeLiveEventQuestionUpvote(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RemoveLiveEventQuestionUpvoteInput, { description: 'The question.' })
    input: RemoveLiveEventQuestionUpvoteInput,
  ) {
    return q(await this.questions.upvote(viewer, questionId(input.questionId), false));
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => PublishLiveEventQuestionPayload, {
    description: 'Publishes a PENDING question (question moderators).',
  })
  async publishLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => PublishLiveEventQuestionInput, { description: 'The question.' })
    input: PublishLiveEventQuestionInput,
  ) {
    return q(await this.questions.publish(viewer, questionId(input.questionId)));
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => PinLiveEventQuestionPayload, {
    description: 'Pins a PUBLISHED question (question moderators); pinned questions are listed first.',
  })
  async pinLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => PinLiveEventQuestionInput, { description: 'The question.' })
    input: PinLiveEventQuestionInput,
  ) {
    return q(await this.questions.pin(viewer, questionId(input.questionId), true));
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => UnpinLiveEventQuestionPayload, {
    description: 'Unpins a pinned question (question moderators).',
  })
  async unpinLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UnpinLiveEventQuestionInput, { description: 'The question.' })
    input: UnpinLiveEventQuestionInput,
  ) {
    return q(await this.questions.pin(viewer, questionId(input.questionId), false));
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => AnswerLiveEventQuestionPayload, {
    description:
      'Marks a PUBLISHED question answered, LIVE or WRITTEN (with the written answer); question moderators. ' +
      'Its asker is notified (LIVE_EVENT_QUESTION_ANSWERED) the first time.',
  })
  async answerLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => AnswerLiveEventQuestionInput, { description: 'The question and the answer.' })
    input: AnswerLiveEventQuestionInput,
  ) {
    return q(await this.questions.answer(viewer, questionId(input.questionId), input));
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => DismissLiveEventQuestionPayload, {
    description: 'Dismisses a PENDING or PUBLISHED question with a reason (question moderators).',
  })
  async dismissLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DismissLiveEventQuestionInput, { description: 'The question and why.' })
    input: DismissLiveEventQuestionInput,
  ) {
    return q(await this.questions.dismiss(viewer, questionId(input.questionId), input.reason));
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => RestoreLiveEventQuestionPayload, {
    description:
      'Restores a DISMISSED question (question moderators): PUBLISHED if it had been published, else PENDING.',
  })
  async restoreLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RestoreLiveEventQuestionInput, { description: 'The question.' })
    input: RestoreLiveEventQuestionInput,
  ) {
    return q(await this.questions.restore(viewer, questionId(input.questionId)));
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => SetLiveEventQuestionSettingsPayload, {
    description: 'Opens or closes questions, and turns their moderation on or off (the event’s organisers).',
  })
  async setLiveEventQuestionSettings(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SetLiveEventQuestionSettingsInput, { description: 'The event and the settings.' })
    input: SetLiveEventQuestionSettingsInput,
  ): Promise<SetLiveEventQuestionSettingsPayload> {
    const id = fromGlobalIdOf(LIVE_EVENT_TYPE, input.liveEventId, 'liveEventId');
    return { liveEvent: await this.questions.setSettings(viewer, input, id) };
  }

  @Authorized(COMMUNITY)
  @Subscription(() => LiveEventQuestionChangedPayload, {
    description:
      'Questions of an event as they are asked, published, upvoted, pinned, answered, commented on, ' +
      'dismissed, restored, hidden or shown again by a moderator: for its approved participants, speakers, ' +
      'organisers and question moderators. Question moderators receive every question; others the ' +
      'published ones not hidden, and a published question dismissed or hidden as `question: null` ' +
      '(remove it). Access is checked again at each delivery.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const eventId = fromGlobalIdOf(LIVE_EVENT_TYPE, args.eventId as string, 'eventId');
      const event = await ctx.loaders.liveEvent.byId.load(eventId);
      if (!event || !(await canReadLiveEvent(ctx, event))) throw new NotFoundError('Live event');
      if (!(await takesPart(ctx, event)))
        throw new ForbiddenError(
          'Only the event’s participants, speakers and organisers follow its questions.',
        );
      type Message = Topics['LIVE_EVENT_QUESTION_CHANGED'][0];
      return filterMapAsyncIterable(
        pipe(
          ctx.pubSub.subscribe('LIVE_EVENT_QUESTION_CHANGED'),
          filter((m: Message) => m.eventId === eventId),
        ),
        async (m: Message): Promise<QuestionChangeMessage | typeof SKIP> => {
          // Checked at each delivery with fresh loaders: registration, membership, blocks as they are now
          // (read once per message for every subscriber of this instance, see LiveEventQuestionDeliveries).
          ctx.renewLoaders();
          await ctx.services.liveEventQuestionDeliveries.prime(ctx, m);
          const current = await ctx.loaders.liveEvent.byId.load(eventId);
          if (!current || !(await takesPart(ctx, current))) return SKIP;
          const question = await ctx.loaders.liveEventQuestion.byId.load(m.questionId);
          if (!question) return SKIP;
          const change = m.change as LiveEventQuestionChange;
          const deliveries = ctx.services.liveEventQuestionDeliveries;
          // One delivery object per group of subscribers who see the same of it (executed once per group
          // when the selection allows, see GROUP_SHARED_FIELDS): the viewer's role, whether they moderate
          // the questions, whether they asked this one.
          const viewer = ctx.viewer;
          if (!viewer) return SKIP;
          if (await canReadLiveEventQuestion(ctx, question)) {
            const group = [
              'read',
              viewer.role,
              await moderatesQuestions(ctx, current),
              question.authorId === viewer.id,
            ].join(':');
            return deliveries.shared(m, group, () => ({ change, questionId: question.id, question }));
          }
          // A published question dismissed or hidden is pushed as a removal to those who no longer read it.
          if (
            (change === LiveEventQuestionChange.DISMISSED || change === LiveEventQuestionChange.HIDDEN) &&
            m.wasPublished
          )
            return deliveries.shared(m, 'removed', () => ({
              change,
              questionId: question.id,
              question: null,
            }));
          return SKIP;
        },
      );
    },
  })
  async liveEventQuestionChanged(
    @Root() message: QuestionChangeMessage,
    @Arg('eventId', () => ID, { description: 'The event to follow.' }) _eventId: string,
    @Ctx() ctx: Context,
  ): Promise<LiveEventQuestionChangedPayload> {
    // The read guard renewed the loaders: the message's shared facts again, for its checks and fields.
    await ctx.services.liveEventQuestionDeliveries.primeDelivery(ctx, message);
    return { ...message, questionId: toGlobalId(LIVE_EVENT_QUESTION_TYPE, message.questionId) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() question: LiveEventQuestionEntity): string {
    return toGlobalId(LIVE_EVENT_QUESTION_TYPE, question.id);
  }

  @FieldResolver(() => String, {
    description: `The question (up to 2,000 characters). ${markdownSourceNote('bodyHtml')}`,
  })
  body(@Root() question: LiveEventQuestionEntity): string {
    return question.body;
  }

  @FieldResolver(() => String, { description: `The question as HTML. ${RENDERED_HTML_NOTE}` })
  bodyHtml(@Root() question: LiveEventQuestionEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, question.body);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description:
      'Who asked: null for an anonymous question (except for its asker and the question moderators), or ' +
      'when their profile is not visible to you.',
  })
  async author(
    @Root() question: LiveEventQuestionEntity,
    @Ctx() ctx: Context,
  ): Promise<PractitionerEntity | null> {
    if (question.isAnonymous && question.authorId !== ctx.viewer?.id) {
      const event = await ctx.loaders.liveEvent.byId.load(question.eventId);
      const moderator = !!event && (await moderatesQuestions(ctx, event));
      if (!canSeeAsker(ctx.viewer, question, moderator)) return null;
    }
    return visibleAuthor(ctx, question.authorId);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you asked it.' })
  viewerIsAuthor(@Root() question: LiveEventQuestionEntity, @Ctx() ctx: Context): boolean {
    return question.authorId === ctx.viewer?.id;
  }

  @FieldResolver(() => Boolean, { description: 'Whether you upvoted it.' })
  viewerHasUpvoted(@Root() question: LiveEventQuestionEntity, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders.liveEventQuestion.viewerUpvoted.load(question.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why a question moderator dismissed it (while DISMISSED). Plain text: display it escaped.',
  })
  dismissReason(@Root() question: LiveEventQuestionEntity): string | null {
    return question.status === LiveEventQuestionStatus.DISMISSED ? question.dismissReason : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The written answer (up to 10,000 characters); null without one. ${markdownSourceNote('answerHtml')}`,
  })
  answer(@Root() question: LiveEventQuestionEntity): string | null {
    return question.answer;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The written answer as HTML. ${RENDERED_HTML_NOTE}`,
  })
  answerHtml(@Root() question: LiveEventQuestionEntity, @Ctx() ctx: Context): string | null {
    return question.answer == null ? null : renderMarkdownOnce(ctx, question.answer);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who marked it answered; null while unanswered or when their profile is not visible to you.',
  })
  answeredBy(
    @Root() question: LiveEventQuestionEntity,
    @Ctx() ctx: Context,
  ): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, question.answeredById);
  }

  @FieldResolver(() => LiveEvent, { description: 'The event it was asked at.' })
  async liveEvent(@Root() question: LiveEventQuestionEntity, @Ctx() ctx: Context): Promise<LiveEventEntity> {
    const event = await ctx.loaders.liveEvent.byId.load(question.eventId);
    if (!event) throw new NotFoundError('Live event');
    return event;
  }
}

/** The questions of an event, and its question settings. */
@Resolver(() => LiveEvent)
export class LiveEventQuestionsFieldResolver {
  constructor(private readonly service: LiveEventQuestionService) {}

  @Authorized(COMMUNITY)
  @FieldResolver(() => LiveEventQuestionConnection, {
    description:
      'Its questions you may see (PUBLISHED ones; yours whatever their status; all of them for question ' +
      'moderators), TOP (pinned, then most upvoted) or NEWEST first.',
  })
  async questions(
    @Root() e: LiveEventEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => LiveEventQuestionFilter, { nullable: true, description: 'Which questions.' })
    filterBy: LiveEventQuestionFilter | null,
    @Arg('orderBy', () => LiveEventQuestionOrder, {
      nullable: true,
      defaultValue: LiveEventQuestionOrder.TOP,
      description: 'The order (TOP by default).',
    })
    orderBy: LiveEventQuestionOrder,
  ): Promise<Page<LiveEventQuestionEntity>> {
    return this.service.list(
      ctx.viewer!,
      e.id,
      filterBy?.status,
      orderBy ?? LiveEventQuestionOrder.TOP,
      args,
    );
  }

  @FieldResolver(() => Boolean, { description: 'Whether questions may be asked (organisers close them).' })
  async questionsOpen(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.loaders.liveEventQuestion.settings.load(e.id)).questionsOpen;
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether new questions wait (PENDING) for a question moderator; off, they are published at once.',
  })
  async questionsModerated(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.loaders.liveEventQuestion.settings.load(e.id)).moderated;
  }

  @FieldResolver(() => Boolean, {
    description: 'Whether you moderate its questions (organisers, MODERATOR speakers, community moderators).',
  })
  viewerCanModerateQuestions(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<boolean> {
    return moderatesQuestions(ctx, e);
  }
}
