import type { EntityManager } from 'typeorm';
import type { ContentKind, NetworkReview } from '../content';
import type { Viewer } from '../../common/auth/viewer';
import { query, sql } from '../../common/db/sql';
import { LiveEventEntity, LiveEventSpeakerEntity } from './live-event.entity';
import { isQuestionModerator, questionReviewerSql } from './live-event-question.policy';
import { loadContentFacts, setHiddenAt } from '../content';
import { LiveEventQuestionCommentEntity, LiveEventQuestionEntity } from './live-event-question.entity';
import { LiveEventQuestionChange, LiveEventQuestionStatus } from './live-event-question.enums';

/** Whether the viewer moderates the questions of the event `eventId` (read in `manager`). */
async function moderatesEvent(manager: EntityManager, viewer: Viewer, eventId: string): Promise<boolean> {
  const event = await manager.findOneBy(LiveEventEntity, { id: eventId });
  if (!event) return false;
  const speakers = await manager.findBy(LiveEventSpeakerEntity, { eventId });
  return isQuestionModerator(viewer, event, { speakers });
}

/**
 * Who decides on reports about an event's questions and their comments besides global moderators: the
 * event's question moderators (its author, its ORGANIZER and MODERATOR speakers), for that event only. They
 * use the moderation queue and `resolveReport` as network moderators do for their networks' content.
 */
const questionReview: NetworkReview = {
  async reviews(manager, viewer, id) {
    const q = await manager.findOneBy(LiveEventQuestionEntity, { id });
    return !!q && moderatesEvent(manager, viewer, q.eventId);
  },
  async reviewsLoaded(loaders, viewer, id) {
    const q = await loaders.liveEventQuestion.byId.load(id);
    if (!q) return false;
    const [event, speakers] = await Promise.all([
      loaders.liveEvent.byId.load(q.eventId),
      loaders.liveEvent.speakers.load(q.eventId),
    ]);
    return !!event && isQuestionModerator(viewer, event, { speakers });
  },
  reviewerSql: (v, idSql) => questionReviewerSql(v, idSql),
  inNetworksSql: () => 'FALSE', // not shared with networks as such: the network filter leaves them out
  async reviewsAny(manager, viewer) {
    const rows = await query<{ one: number }>(
      manager,
      sql`SELECT 1 AS one FROM live_event WHERE "authorId" = ${viewer.id}
          UNION ALL
          SELECT 1 FROM live_event_speaker WHERE "practitionerId" = ${viewer.id} AND "role" IN ('ORGANIZER', 'MODERATOR')
          LIMIT 1`,
    );
    return rows.length > 0;
  },
};

/** SQL: the question of the comment whose id is `idSql`. */
const questionOfSql = (idSql: string) =>
  `(SELECT rc."questionId" FROM live_event_question_comment rc WHERE rc."id" = ${idSql})`;

/**
 * Questions asked during live events as the content kernel and moderation see them: reportable and hideable
 * like other content, decided on by global moderators and by the event's question moderators (who also keep
 * their own tools: dismiss, restore). Hiding or restoring one is pushed to `liveEventQuestionChanged`
 * (HIDDEN, UNHIDDEN).
 */
export const liveEventQuestionContentKind: ContentKind = {
  targetType: 'LIVE_EVENT_QUESTION',
  nodeType: 'LiveEventQuestion',
  notFound: 'Question',
  load: (manager, id) => loadContentFacts(manager, LiveEventQuestionEntity, id),
  async setHidden(manager, id, hidden, tx) {
    if (!(await setHiddenAt(manager, LiveEventQuestionEntity, id, hidden))) return false;
    const q = await manager.findOneByOrFail(LiveEventQuestionEntity, { id });
    tx?.record('live-event-question.changed', {
      questionId: q.id,
      eventId: q.eventId,
      change: hidden ? LiveEventQuestionChange.HIDDEN : LiveEventQuestionChange.UNHIDDEN,
      wasPublished: q.status === LiveEventQuestionStatus.PUBLISHED && hidden,
    });
    return true;
  },
  networkReview: questionReview,
};

/**
 * Comments on live-event questions: reportable and hideable. Hiding or restoring one is pushed to
 * `liveEventQuestionChanged` (COMMENT_HIDDEN, COMMENT_UNHIDDEN) as its question, under the question's rules
 * (the comment itself is never in the message: its own read rules apply when clients refetch `comments`).
 */
export const liveEventQuestionCommentContentKind: ContentKind = {
  targetType: 'QUESTION_COMMENT',
  nodeType: 'LiveQuestionComment',
  notFound: 'Comment',
  load: (manager, id) => loadContentFacts(manager, LiveEventQuestionCommentEntity, id),
  async setHidden(manager, id, hidden, tx) {
    if (!(await setHiddenAt(manager, LiveEventQuestionCommentEntity, id, hidden))) return false;
    const c = await manager.findOneByOrFail(LiveEventQuestionCommentEntity, { id });
    const q = await manager.findOneBy(LiveEventQuestionEntity, { id: c.questionId });
    if (q)
      tx?.record('live-event-question.changed', {
        questionId: q.id,
        eventId: q.eventId,
        change: hidden ? LiveEventQuestionChange.COMMENT_HIDDEN : LiveEventQuestionChange.COMMENT_UNHIDDEN,
        wasPublished: false,
      });
    return true;
  },
  networkReview: {
    async reviews(manager, viewer, id, scope) {
      const c = await manager.findOneBy(LiveEventQuestionCommentEntity, { id });
      return !!c && questionReview.reviews(manager, viewer, c.questionId, scope);
    },
    async reviewsLoaded(loaders, viewer, id) {
      const c = await loaders.liveEventQuestion.commentById.load(id);
      return !!c && questionReview.reviewsLoaded(loaders, viewer, c.questionId);
    },
    reviewerSql: (v, idSql) => questionReview.reviewerSql(v, questionOfSql(idSql)),
    inNetworksSql: () => 'FALSE',
    reviewsAny: (manager, viewer) => questionReview.reviewsAny!(manager, viewer),
  },
};
