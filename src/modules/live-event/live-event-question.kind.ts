import type { ContentKind } from '../content';
import { loadContentFacts, setHiddenAt } from '../content';
import { LiveEventQuestionCommentEntity, LiveEventQuestionEntity } from './live-event-question.entity';
import { LiveEventQuestionChange, LiveEventQuestionStatus } from './live-event-question.enums';

/**
 * Questions asked during live events as the content kernel and moderation see them: reportable and hideable
 * like other content, decided on by global moderators (the event's question moderators keep their own tools:
 * dismiss, restore). Hiding or restoring one is pushed to `liveEventQuestionChanged` (HIDDEN, UNHIDDEN).
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
};

/** Comments on live-event questions: reportable and hideable, decided on by global moderators. */
export const liveEventQuestionCommentContentKind: ContentKind = {
  targetType: 'QUESTION_COMMENT',
  nodeType: 'LiveQuestionComment',
  notFound: 'Comment',
  load: (manager, id) => loadContentFacts(manager, LiveEventQuestionCommentEntity, id),
  setHidden: (manager, id, hidden) => setHiddenAt(manager, LiveEventQuestionCommentEntity, id, hidden),
};
