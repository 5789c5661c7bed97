import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors/errors';
import type { ReviewDecision } from './review.enums';
import { REVIEW_NOTE_MAX } from './review.enums';
import { reviewRefusal } from './review.policy';
import { recordModerationDecision } from '../moderation-log';
import type { ModerationLogAction, TargetType } from '../moderation-log';

/**
 * The review vocabulary of one kind of content: its own status and history-action enums (each kind keeps
 * its GraphQL and database enums), mapped onto the shared review rules.
 */
export interface ReviewVocabulary<S extends string, A extends string> {
  /** What the content is called in messages ("post", "legal development"). */
  noun: string;
  /** The only status a decision may be taken on. */
  pending: S;
  /** The published status (a decision reaching it publishes the content). */
  published: S;
  /** The status each decision leads to. */
  outcomes: Record<ReviewDecision, S>;
  /** The history action recorded for each decision. */
  actions: Record<ReviewDecision, A>;
  /** Its review-history table and the column that names the content there (e.g. `postId`). */
  history: { entity: EntityTarget<ObjectLiteral>; contentColumn: string };
  /** How the moderation log records its decisions: its target type and the log action of each decision. */
  log: { targetType: TargetType; actions: Record<ReviewDecision, ModerationLogAction> };
}

/** One step of the transition from a decision. */
export interface ReviewStep<S extends string, A extends string> {
  action: A;
  from: S;
  to: S;
  publishes: boolean;
}

/** Checks and normalises a review note (trimmed; empty is null; at most REVIEW_NOTE_MAX characters). */
export function checkReviewNote(note: string | null | undefined): string | null {
  if (note && [...note].length > REVIEW_NOTE_MAX)
    throw new BadUserInputError(
      `note is too long (${REVIEW_NOTE_MAX.toLocaleString('en')} characters at most).`,
      [{ field: 'note', message: `must be at most ${REVIEW_NOTE_MAX} characters` }],
    );
  return note?.trim() || null;
}

/**
 * The transition rules shared by every reviewed kind: the reviewer must be allowed and not the author
 * (FORBIDDEN), and the content must be pending (CONFLICT). Returns the step to apply and record.
 */
export function decideReview<S extends string, A extends string>(
  vocabulary: ReviewVocabulary<S, A>,
  viewer: Viewer,
  content: { authorId: string; status: S },
  mayReview: boolean,
  decision: ReviewDecision,
): ReviewStep<S, A> {
  const refusal = reviewRefusal(viewer, content.authorId, mayReview, vocabulary.noun);
  if (refusal) throw new ForbiddenError(refusal);
  if (content.status !== vocabulary.pending)
    throw new ConflictError(
      `Only a ${vocabulary.pending} ${vocabulary.noun} can be reviewed; this one is ${content.status}.`,
    );
  const to = vocabulary.outcomes[decision];
  return {
    action: vocabulary.actions[decision],
    from: content.status,
    to,
    publishes: to === vocabulary.published,
  };
}

/** The columns every review-history table has (besides the reference to its content). */
export interface ReviewHistoryRow<S extends string, A extends string> {
  actorId: string | null;
  action: A;
  /** Null for a first step (content created straight into a status). */
  fromStatus: S | null;
  toStatus: S;
  note: string | null;
}

/** Appends one step to the content's review history (append-only), inside the caller's transaction. */
export async function recordReviewStep<S extends string, A extends string>(
  manager: EntityManager,
  vocabulary: ReviewVocabulary<S, A>,
  contentId: string,
  row: ReviewHistoryRow<S, A>,
): Promise<void> {
  const { entity, contentColumn } = vocabulary.history;
  await manager.insert(entity, { [contentColumn]: contentId, ...row });
}

/**
 * Records a reviewer's decision, inside the caller's transaction: the step in the content's history, and the
 * entry in the moderation log.
 */
export async function recordReviewDecision<S extends string, A extends string>(
  manager: EntityManager,
  vocabulary: ReviewVocabulary<S, A>,
  viewer: Viewer,
  contentId: string,
  decision: ReviewDecision,
  step: ReviewStep<S, A>,
  note: string | null,
): Promise<void> {
  await recordReviewStep(manager, vocabulary, contentId, {
    actorId: viewer.id,
    action: step.action,
    fromStatus: step.from,
    toStatus: step.to,
    note,
  });
  await recordModerationDecision(manager, {
    actorId: viewer.id,
    action: vocabulary.log.actions[decision],
    targetType: vocabulary.log.targetType,
    targetId: contentId,
    note,
  });
}
