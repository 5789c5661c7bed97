import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { NotFoundError } from '../../common/errors/errors';
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
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { visibleAuthor } from '../content';
import { LiveEventQuestionCommentEntity } from './live-event-question.entity';
import type { LiveEventQuestionEntity } from './live-event-question.entity';
import { CommentOnLiveEventQuestionInput } from './live-event-question.inputs';
import {
  canReadLiveEventQuestion,
  LIVE_EVENT_QUESTION_TYPE,
  moderatesQuestions,
} from './live-event-question.resolver';
import { canViewLiveEventQuestionComment } from './live-event-question.policy';
import { LiveEventQuestionService } from './live-event-question.service';
import {
  CommentOnLiveEventQuestionPayload,
  LiveEventQuestion,
  LiveEventQuestionComment,
  LiveEventQuestionCommentConnection,
} from './live-event-question.types';

export const LIVE_EVENT_QUESTION_COMMENT_TYPE = 'LiveQuestionComment';

/**
 * A comment is read by whoever may read its question; a hidden one by its author and the event's question
 * moderators (canViewLiveEventQuestionComment).
 */
async function canReadComment(ctx: Context, c: LiveEventQuestionCommentEntity): Promise<boolean> {
  const question = await ctx.loaders.liveEventQuestion.byId.load(c.questionId);
  if (!question || !(await canReadLiveEventQuestion(ctx, question))) return false;
  if (!c.hiddenAt || c.authorId === ctx.viewer?.id)
    return canViewLiveEventQuestionComment(ctx.viewer, c, true, false);
  const event = await ctx.loaders.liveEvent.byId.load(question.eventId);
  const moderator = !!event && (await moderatesQuestions(ctx, event));
  return canViewLiveEventQuestionComment(ctx.viewer, c, true, moderator);
}

export const liveEventQuestionCommentNode = nodeType<LiveEventQuestionCommentEntity>(
  LIVE_EVENT_QUESTION_COMMENT_TYPE,
  {
    isTypeOf: (value) => value instanceof LiveEventQuestionCommentEntity,
    byId: (ctx, id) => ctx.loaders.liveEventQuestion.commentById.load(id),
    canRead: canReadComment,
  },
);

@Resolver(() => LiveEventQuestionComment)
export class LiveEventQuestionCommentResolver {
  constructor(private readonly service: LiveEventQuestionService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => CommentOnLiveEventQuestionPayload, {
    description:
      'Comments on a PUBLISHED question of a SCHEDULED or LIVE event (approved participants, speakers, organisers).',
  })
  async commentOnLiveEventQuestion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CommentOnLiveEventQuestionInput, { description: 'The question and the comment.' })
    input: CommentOnLiveEventQuestionInput,
  ): Promise<CommentOnLiveEventQuestionPayload> {
    const id = fromGlobalIdOf(LIVE_EVENT_QUESTION_TYPE, input.questionId, 'questionId');
    return { comment: await this.service.comment(viewer, id, input) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() c: LiveEventQuestionCommentEntity): string {
    return toGlobalId(LIVE_EVENT_QUESTION_COMMENT_TYPE, c.id);
  }

  @FieldResolver(() => String, {
    description: `The comment (up to 2,000 characters). ${markdownSourceNote('bodyHtml')}`,
  })
  body(@Root() c: LiveEventQuestionCommentEntity): string {
    return c.body;
  }

  @FieldResolver(() => String, { description: `The comment as HTML. ${RENDERED_HTML_NOTE}` })
  bodyHtml(@Root() c: LiveEventQuestionCommentEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, c.body);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who wrote it; null when their profile is not visible to you.',
  })
  author(@Root() c: LiveEventQuestionCommentEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, c.authorId);
  }

  @FieldResolver(() => LiveEventQuestion, { description: 'The question it comments on.' })
  async question(
    @Root() c: LiveEventQuestionCommentEntity,
    @Ctx() ctx: Context,
  ): Promise<LiveEventQuestionEntity> {
    const question = await ctx.loaders.liveEventQuestion.byId.load(c.questionId);
    if (!question) throw new NotFoundError('Question');
    return question;
  }
}

/** `LiveEventQuestion.comments`. */
@Resolver(() => LiveEventQuestion)
export class LiveEventQuestionCommentsFieldResolver {
  constructor(private readonly service: LiveEventQuestionService) {}

  @Authorized(COMMUNITY)
  @FieldResolver(() => LiveEventQuestionCommentConnection, {
    description: 'The comments on it, oldest first.',
  })
  comments(
    @Root() q: LiveEventQuestionEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<LiveEventQuestionCommentEntity>> {
    return this.service.comments(ctx.viewer!, q.id, args);
  }
}
