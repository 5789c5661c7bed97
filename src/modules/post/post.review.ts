import type { EntityManager } from 'typeorm';
import { ModerationLogAction, TargetType } from '../moderation-log';
import { recordReviewStep } from '../content';
import type { ReviewVocabulary } from '../content';
import { PostTransitionEntity } from './post.entity';
import type { PostEntity } from './post.entity';
import { PostAction, PostStatus, ReviewDecision } from './post.enums';

/** Posts under the shared review rules. */
export const POST_REVIEW: ReviewVocabulary<PostStatus, PostAction> = {
  noun: 'post',
  pending: PostStatus.PENDING_REVIEW,
  published: PostStatus.PUBLISHED,
  outcomes: {
    [ReviewDecision.APPROVE]: PostStatus.PUBLISHED,
    [ReviewDecision.REQUEST_CHANGES]: PostStatus.CHANGES_REQUESTED,
    [ReviewDecision.REJECT]: PostStatus.REJECTED,
  },
  actions: {
    [ReviewDecision.APPROVE]: PostAction.APPROVE,
    [ReviewDecision.REQUEST_CHANGES]: PostAction.REQUEST_CHANGES,
    [ReviewDecision.REJECT]: PostAction.REJECT,
  },
  history: { entity: PostTransitionEntity, contentColumn: 'postId' },
  log: {
    targetType: TargetType.POST,
    actions: {
      [ReviewDecision.APPROVE]: ModerationLogAction.POST_APPROVED,
      [ReviewDecision.REQUEST_CHANGES]: ModerationLogAction.POST_CHANGES_REQUESTED,
      [ReviewDecision.REJECT]: ModerationLogAction.POST_REJECTED,
    },
  },
};

/** One step of a post's history (author's or reviewer's), in the caller's transaction. */
export function recordPostStep(
  manager: EntityManager,
  post: PostEntity,
  actorId: string,
  action: PostAction,
  from: PostStatus,
  note: string | null = null,
) {
  return recordReviewStep(manager, POST_REVIEW, post.id, {
    actorId,
    action,
    fromStatus: from,
    toStatus: post.status,
    note,
  });
}
