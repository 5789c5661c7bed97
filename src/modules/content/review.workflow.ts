import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors/errors';
import type { ReviewDecision } from './review.enums';
import { REVIEW_NOTE_MAX } from './review.enums';
import { reviewRefusal } from './review.policy';

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

/**
 * Appends one step to a review-history table (append-only), inside the caller's transaction.
 * `subject` names the content, e.g. `{ postId }`.
 */
export async function recordReviewStep<E extends ObjectLiteral, S extends string, A extends string>(
  manager: EntityManager,
  target: EntityTarget<E>,
  subject: Partial<E>,
  row: ReviewHistoryRow<S, A>,
): Promise<void> {
  await manager.insert(target, { ...subject, ...row } as unknown as E);
}
