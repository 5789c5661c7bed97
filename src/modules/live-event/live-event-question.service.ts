import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { policyScope, sql, together } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { NotificationType } from '../notification-type';
import { LiveEventEntity, LiveEventRegistrationEntity } from './live-event.entity';
import type { LiveEventPeople } from './live-event.policy';
import { canManageLiveEvent, canViewLiveEvent } from './live-event.policy';
import { loadPeople } from './live-event.service';
import { LiveEventQuestionUpvoteCounts } from './live-event-question-upvote-count';
import type { LiveEventService } from './live-event.service';
import {
  DEFAULT_QUESTION_SETTINGS,
  LIVE_EVENT_QUESTION_COMMENT_MAX,
  LIVE_EVENT_QUESTION_LIMITS,
  LiveEventQuestionCommentEntity,
  LiveEventQuestionEntity,
  LiveEventQuestionSettingsEntity,
  LiveEventQuestionUpvoteEntity,
} from './live-event-question.entity';
import {
  LiveEventQuestionAnswerMode,
  LiveEventQuestionChange,
  LiveEventQuestionOrder,
  LiveEventQuestionStatus,
} from './live-event-question.enums';
import {
  canViewLiveEventQuestion,
  isQuestionModerator,
  isQuestionParticipant,
  liveEventQuestionCommentReadSql,
  liveEventQuestionReadSql,
  questionsRunning,
} from './live-event-question.policy';
import type {
  CommentOnLiveEventQuestionInput,
  AnswerLiveEventQuestionInput,
  AskLiveEventQuestionInput,
  SetLiveEventQuestionSettingsInput,
} from './live-event-question.inputs';

/** TOP: pinned first, then most upvoted, then newest. */
export const QUESTION_TOP_ORDER = new Keyset<LiveEventQuestionEntity>(
  [
    { column: 'q."isPinned"', kind: 'string' },
    { column: 'q."upvoteCount"', kind: 'integer' },
    { column: 'q."createdAt"', kind: 'timestamp' },
    { column: 'q."id"', kind: 'uuid' },
  ],
  'DESC',
  (q) => [String(q.isPinned), q.upvoteCount, q.createdAt.toISOString(), q.id],
);

/** NEWEST: newest first. */
export const QUESTION_NEWEST_ORDER = new Keyset<LiveEventQuestionEntity>(
  [
    { column: 'q."createdAt"', kind: 'timestamp' },
    { column: 'q."id"', kind: 'uuid' },
  ],
  'DESC',
  (q) => [q.createdAt.toISOString(), q.id],
);

/** Comments on a question, oldest first. */
export const QUESTION_COMMENT_ORDER = new Keyset<LiveEventQuestionCommentEntity>(
  [
    { column: 'c."createdAt"', kind: 'timestamp' },
    { column: 'c."id"', kind: 'uuid' },
  ],
  'ASC',
  (c) => [c.createdAt.toISOString(), c.id],
);

/** An event's question settings (the defaults when it has no row). */
export async function questionSettingsOf(
  manager: EntityManager,
  eventId: string,
): Promise<{ questionsOpen: boolean; moderated: boolean }> {
  const row = await manager.getRepository(LiveEventQuestionSettingsEntity).findOneBy({ eventId });
  return row ?? { ...DEFAULT_QUESTION_SETTINGS };
}

function checkText(value: string | null | undefined, field: string, max: number): string {
  const trimmed = (value ?? '').trim();
  if (!trimmed || trimmed.length > max)
    throw new BadUserInputError(`${field} must be 1 to ${max} characters.`, [
      { field, message: `must be 1 to ${max} characters` },
    ]);
  return trimmed;
}

/** The event of a question as the viewer sees it. */
interface EventAccess {
  event: LiveEventEntity;
  people: LiveEventPeople;
  moderator: boolean;
  participant: boolean;
}

/**
 * Questions asked during live events: asking (idempotent), upvoting (once each: the upvote row's primary key;
 * the count recounted from the rows after the commit, LiveEventQuestionUpvoteCounts), the question moderators'
 * actions, the settings, and the list. Every change records `live-event-question.changed` (live `liveEventQuestionChanged` messages).
 */
export class LiveEventQuestionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
    private readonly events: LiveEventService,
  ) {
    this.upvoteCounts = new LiveEventQuestionUpvoteCounts(uow);
  }

  /** Upvote counts recounted from the upvote rows after each vote (see the class). */
  private readonly upvoteCounts: LiveEventQuestionUpvoteCounts;

  /** The event if the viewer may see it (NOT_FOUND otherwise), with what the viewer is at it. */
  private async access(manager: EntityManager, viewer: Viewer, eventId: string): Promise<EventAccess> {
    const event = await manager.getRepository(LiveEventEntity).findOneBy({ id: eventId });
    if (!event) throw new NotFoundError('Live event');
    const [{ networkIds, people }, scope, registration] = await together(
      manager,
      () => loadPeople(manager, eventId),
      () => this.events.scopeOf(viewer, manager),
      () =>
        manager.getRepository(LiveEventRegistrationEntity).findOneBy({ eventId, practitionerId: viewer.id }),
    );
    if (!canViewLiveEvent(viewer, event, networkIds, people, scope)) throw new NotFoundError('Live event');
    return {
      event,
      people,
      moderator: isQuestionModerator(viewer, event, people),
      participant: isQuestionParticipant(viewer, event, people, registration?.status ?? null),
    };
  }

  private static record(
    tx: Tx,
    question: LiveEventQuestionEntity,
    change: LiveEventQuestionChange,
    wasPublished = false,
  ): void {
    tx.record('live-event-question.changed', {
      questionId: question.id,
      eventId: question.eventId,
      change,
      wasPublished,
    });
  }

  async ask(
    viewer: Viewer,
    eventId: string,
    input: AskLiveEventQuestionInput,
  ): Promise<LiveEventQuestionEntity> {
    const body = checkText(input.body, 'body', LIVE_EVENT_QUESTION_LIMITS.body);
    const isAnonymous = input.isAnonymous ?? false;
    const load = (id: string) =>
      this.dataSource.getRepository(LiveEventQuestionEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(
      viewer.id,
      'askLiveEventQuestion',
      input.idempotencyKey,
      { eventId, body, language: input.language, isAnonymous },
      load,
    );
    if (create.earlier) return create.earlier;
    const { result } = await create.run(async (manager, tx) => {
      const { event, participant } = await this.access(manager, viewer, eventId);
      if (!participant)
        throw new ForbiddenError('Only approved participants, speakers and organisers may ask questions.');
      if (!questionsRunning(event))
        throw new ConflictError(`Questions are closed: the event is ${event.status}.`);
      const settings = await questionSettingsOf(manager, eventId);
      if (!settings.questionsOpen) throw new ConflictError('The organisers closed the questions.');
      const now = new Date();
      const status = settings.moderated ? LiveEventQuestionStatus.PENDING : LiveEventQuestionStatus.PUBLISHED;
      const repo = manager.getRepository(LiveEventQuestionEntity);
      const question = await repo.save(
        repo.create({
          eventId,
          authorId: viewer.id,
          isAnonymous,
          language: input.language,
          body,
          status,
          dismissReason: null,
          isPinned: false,
          upvoteCount: 0,
          publishedAt: status === LiveEventQuestionStatus.PUBLISHED ? now : null,
          answeredAt: null,
          answerMode: null,
          answer: null,
          answeredById: null,
          createdAt: now,
          updatedAt: now,
          hiddenAt: null,
        }),
      );
      LiveEventQuestionService.record(tx, question, LiveEventQuestionChange.ASKED);
      return question;
    });
    return result;
  }

  /**
   * Loads and locks a question the viewer may read (NOT_FOUND otherwise), with its event; `moderate`:
   * FORBIDDEN unless the viewer is one of its question moderators.
   */
  private async locked(
    tx: Tx,
    viewer: Viewer,
    questionId: string,
    moderate: boolean,
  ): Promise<{ question: LiveEventQuestionEntity; access: EventAccess }> {
    const question = await tx.manager
      .getRepository(LiveEventQuestionEntity)
      .findOne({ where: { id: questionId }, lock: { mode: 'pessimistic_write' } });
    if (!question) throw new NotFoundError('Question');
    let access: EventAccess;
    try {
      access = await this.access(tx.manager, viewer, question.eventId);
    } catch (e) {
      if (e instanceof NotFoundError) throw new NotFoundError('Question');
      throw e;
    }
    if (!canViewLiveEventQuestion(viewer, question, true, access.moderator))
      throw new NotFoundError('Question');
    if (moderate && !access.moderator)
      throw new ForbiddenError('Only the event’s question moderators may do this.');
    return { question, access };
  }

  private async save(tx: Tx, question: LiveEventQuestionEntity): Promise<LiveEventQuestionEntity> {
    question.updatedAt = new Date();
    return tx.manager.getRepository(LiveEventQuestionEntity).save(question);
  }

  /** Gives (`upvote`) or takes back the viewer's upvote; repeating either is a no-op. */
  async upvote(viewer: Viewer, questionId: string, upvote: boolean): Promise<LiveEventQuestionEntity> {
    await this.uow.run(async (tx) => {
      const found = await tx.manager.getRepository(LiveEventQuestionEntity).findOneBy({ id: questionId });
      if (!found) throw new NotFoundError('Question');
      let access: EventAccess;
      try {
        access = await this.access(tx.manager, viewer, found.eventId);
      } catch (e) {
        if (e instanceof NotFoundError) throw new NotFoundError('Question');
        throw e;
      }
      if (!canViewLiveEventQuestion(viewer, found, true, access.moderator))
        throw new NotFoundError('Question');
      if (!access.participant)
        throw new ForbiddenError('Only approved participants, speakers and organisers may upvote questions.');
      if (!questionsRunning(access.event))
        throw new ConflictError(`Questions are closed: the event is ${access.event.status}.`);
      if (found.status !== LiveEventQuestionStatus.PUBLISHED)
        throw new ConflictError(`A ${found.status} question cannot be upvoted.`);
      if (found.hiddenAt) throw new ConflictError('A hidden question cannot be upvoted.');
      if (upvote)
        await tx.manager
          .createQueryBuilder()
          .insert()
          .into(LiveEventQuestionUpvoteEntity)
          .values({ questionId, practitionerId: viewer.id })
          .orIgnore()
          .execute();
      else await tx.manager.delete(LiveEventQuestionUpvoteEntity, { questionId, practitionerId: viewer.id });
    });
    // The count is recounted from the rows after the commit (LiveEventQuestionUpvoteCounts records UPVOTED
    // when it moved). A repeat recounts too: it repairs a count whose recount failed after the vote's commit.
    return this.upvoteCounts.recount(questionId);
  }

  /** A question moderator's action on a question of one of the allowed statuses. */
  private moderate(
    viewer: Viewer,
    questionId: string,
    allowed: readonly LiveEventQuestionStatus[],
    verb: string,
    work: (tx: Tx, q: LiveEventQuestionEntity, access: EventAccess) => LiveEventQuestionChange,
  ): Promise<LiveEventQuestionEntity> {
    return this.uow.run(async (tx) => {
      const { question, access } = await this.locked(tx, viewer, questionId, true);
      if (!allowed.includes(question.status))
        throw new ConflictError(`A ${question.status} question cannot be ${verb}.`);
      const wasPublished = question.status === LiveEventQuestionStatus.PUBLISHED;
      const change = work(tx, question, access);
      const saved = await this.save(tx, question);
      LiveEventQuestionService.record(tx, saved, change, wasPublished);
      return saved;
    });
  }

  publish(viewer: Viewer, questionId: string): Promise<LiveEventQuestionEntity> {
    return this.moderate(viewer, questionId, [LiveEventQuestionStatus.PENDING], 'published', (_tx, q) => {
      q.status = LiveEventQuestionStatus.PUBLISHED;
      q.publishedAt ??= new Date();
      return LiveEventQuestionChange.PUBLISHED;
    });
  }

  pin(viewer: Viewer, questionId: string, pinned: boolean): Promise<LiveEventQuestionEntity> {
    return this.moderate(
      viewer,
      questionId,
      [LiveEventQuestionStatus.PUBLISHED],
      pinned ? 'pinned' : 'unpinned',
      (_tx, q) => {
        if (q.isPinned === pinned)
          throw new ConflictError(`The question is ${pinned ? '' : 'not '}pinned already.`);
        q.isPinned = pinned;
        return pinned ? LiveEventQuestionChange.PINNED : LiveEventQuestionChange.UNPINNED;
      },
    );
  }

  answer(
    viewer: Viewer,
    questionId: string,
    input: AnswerLiveEventQuestionInput,
  ): Promise<LiveEventQuestionEntity> {
    const text =
      input.mode === LiveEventQuestionAnswerMode.WRITTEN || (input.answer != null && input.answer !== '')
        ? checkText(input.answer, 'answer', LIVE_EVENT_QUESTION_LIMITS.answer)
        : null;
    return this.moderate(viewer, questionId, [LiveEventQuestionStatus.PUBLISHED], 'answered', (tx, q) => {
      const first = !q.answeredAt;
      q.answeredAt = new Date();
      q.answerMode = input.mode;
      q.answer = text;
      q.answeredById = viewer.id;
      if (first)
        tx.record('notification.requested', {
          notifications: [
            {
              type: NotificationType.LIVE_EVENT_QUESTION_ANSWERED,
              recipientId: q.authorId,
              actorId: viewer.id,
              subjectType: 'LiveEventQuestion',
              subjectId: q.id,
              decision: input.mode,
            },
          ],
        });
      return LiveEventQuestionChange.ANSWERED;
    });
  }

  dismiss(viewer: Viewer, questionId: string, reason: string): Promise<LiveEventQuestionEntity> {
    const why = checkText(reason, 'reason', LIVE_EVENT_QUESTION_LIMITS.dismissReason);
    return this.moderate(
      viewer,
      questionId,
      [LiveEventQuestionStatus.PENDING, LiveEventQuestionStatus.PUBLISHED],
      'dismissed',
      (_tx, q) => {
        q.status = LiveEventQuestionStatus.DISMISSED;
        q.dismissReason = why;
        q.isPinned = false;
        return LiveEventQuestionChange.DISMISSED;
      },
    );
  }

  restore(viewer: Viewer, questionId: string): Promise<LiveEventQuestionEntity> {
    return this.moderate(viewer, questionId, [LiveEventQuestionStatus.DISMISSED], 'restored', (_tx, q) => {
      q.status = q.publishedAt ? LiveEventQuestionStatus.PUBLISHED : LiveEventQuestionStatus.PENDING;
      q.dismissReason = null;
      return LiveEventQuestionChange.RESTORED;
    });
  }

  async setSettings(
    viewer: Viewer,
    input: SetLiveEventQuestionSettingsInput,
    eventId: string,
  ): Promise<LiveEventEntity> {
    for (const field of ['questionsOpen', 'questionsModerated'] as const)
      if (input[field] === null)
        throw new BadUserInputError(`${field} cannot be null (omit it to keep it).`, [
          { field, message: 'cannot be null' },
        ]);
    return this.uow.run(async (tx) => {
      const { event, people } = await this.access(tx.manager, viewer, eventId);
      if (!canManageLiveEvent(viewer, event, people))
        throw new ForbiddenError('Only the event’s organisers and moderators may do this.');
      const current = await questionSettingsOf(tx.manager, eventId);
      await tx.manager.getRepository(LiveEventQuestionSettingsEntity).upsert(
        {
          eventId,
          questionsOpen: input.questionsOpen ?? current.questionsOpen,
          moderated: input.questionsModerated ?? current.moderated,
        },
        ['eventId'],
      );
      return event;
    });
  }

  /** A page of an event's questions the viewer may read (the caller checked that it may see the event). */
  async list(
    viewer: Viewer,
    eventId: string,
    status: LiveEventQuestionStatus | null | undefined,
    order: LiveEventQuestionOrder,
    args: PageArgs,
  ): Promise<Page<LiveEventQuestionEntity>> {
    const keyset = order === LiveEventQuestionOrder.NEWEST ? QUESTION_NEWEST_ORDER : QUESTION_TOP_ORDER;
    const qb = this.dataSource.getRepository(LiveEventQuestionEntity).createQueryBuilder('q');
    const conditions: Sql[] = [
      sql`q."eventId" = ${eventId}::uuid`,
      policyScope(viewer, (v) => liveEventQuestionReadSql(v, 'q')),
    ];
    if (status) conditions.push(sql`q."status"::text = ${status}`);
    return entityPage(qb, keyset, keyset.window(args), conditions);
  }

  /**
   * Comments on a PUBLISHED question of a SCHEDULED or LIVE event, by its participants (idempotent under a
   * key). NOT_FOUND when the question is not readable, FORBIDDEN for non-participants, CONFLICT otherwise.
   */
  async comment(
    viewer: Viewer,
    questionId: string,
    input: CommentOnLiveEventQuestionInput,
  ): Promise<LiveEventQuestionCommentEntity> {
    const body = checkText(input.body, 'body', LIVE_EVENT_QUESTION_COMMENT_MAX);
    const load = (id: string) =>
      this.dataSource.getRepository(LiveEventQuestionCommentEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(
      viewer.id,
      'commentOnLiveEventQuestion',
      input.idempotencyKey,
      { questionId, body },
      load,
    );
    if (create.earlier) return create.earlier;
    const { result } = await create.run(async (manager, tx) => {
      const question = await manager.getRepository(LiveEventQuestionEntity).findOneBy({ id: questionId });
      if (!question) throw new NotFoundError('Question');
      let access: EventAccess;
      try {
        access = await this.access(manager, viewer, question.eventId);
      } catch (e) {
        if (e instanceof NotFoundError) throw new NotFoundError('Question');
        throw e;
      }
      if (!canViewLiveEventQuestion(viewer, question, true, access.moderator))
        throw new NotFoundError('Question');
      if (!access.participant)
        throw new ForbiddenError('Only approved participants, speakers and organisers may comment.');
      if (!questionsRunning(access.event))
        throw new ConflictError(`Questions are closed: the event is ${access.event.status}.`);
      if (question.status !== LiveEventQuestionStatus.PUBLISHED)
        throw new ConflictError(`A ${question.status} question cannot be commented on.`);
      if (question.hiddenAt) throw new ConflictError('A hidden question cannot be commented on.');
      const repo = manager.getRepository(LiveEventQuestionCommentEntity);
      const comment = await repo.save(
        repo.create({ questionId, authorId: viewer.id, body, createdAt: new Date(), hiddenAt: null }),
      );
      // Pushed with the question (never the comment): subscribers refetch its comments under their read rule.
      LiveEventQuestionService.record(tx, question, LiveEventQuestionChange.COMMENTED);
      return comment;
    });
    return result;
  }

  /** A page of a question's comments, oldest first (the caller checked that the question is readable). */
  comments(
    viewer: Viewer,
    questionId: string,
    args: PageArgs,
  ): Promise<Page<LiveEventQuestionCommentEntity>> {
    const qb = this.dataSource.getRepository(LiveEventQuestionCommentEntity).createQueryBuilder('c');
    return entityPage(qb, QUESTION_COMMENT_ORDER, QUESTION_COMMENT_ORDER.window(args), [
      sql`c."questionId" = ${questionId}::uuid`,
      policyScope(viewer, (v) => liveEventQuestionCommentReadSql(v, 'c')),
    ]);
  }
}
