import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { query, sql } from '../../common/db/sql';
import { LiveEventQuestionEntity } from './live-event-question.entity';
import { LiveEventQuestionChange } from './live-event-question.enums';

/**
 * A question's `upvoteCount` (issue 13, Performance: upvote bursts). The upvote rows are the truth (one per
 * voter, the primary key): an upvote or its removal only inserts or deletes its row, without touching the
 * question's row, so upvotes of one question no longer queue on that row's lock. The denormalised count is
 * then recounted from the rows, after the vote's commit, by one short transaction per question at a time:
 * it locks the question's row first and only then counts (its own statement, so its snapshot includes every
 * vote committed before the lock was granted), stores the count and records one UPVOTED change when it
 * moved. Calls that arrive while a recount runs share the next one (which starts after them), so a burst of
 * N votes costs a handful of recounts and UPVOTED messages instead of N, and every caller gets back a count
 * that includes its own vote. Across instances the row lock orders the recounts: the last one to run
 * started after the last vote's commit, so the stored count (and the pushed one, read at delivery) converges
 * to the number of rows.
 */
export class LiveEventQuestionUpvoteCounts {
  /** Per question: the recount not started yet (later callers join it), and the end of the chain. */
  private readonly queued = new Map<string, Promise<LiveEventQuestionEntity>>();
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly uow: UnitOfWork) {}

  /** The question as stored by a recount that starts after this call (the caller's vote is committed). */
  recount(questionId: string): Promise<LiveEventQuestionEntity> {
    const queued = this.queued.get(questionId);
    if (queued) return queued;
    const previous = this.tails.get(questionId) ?? Promise.resolve();
    const next = previous.then(() => {
      this.queued.delete(questionId);
      return this.run(questionId);
    });
    this.queued.set(questionId, next);
    const tail: Promise<void> = next.then(
      (): void => this.release(questionId, tail),
      (): void => this.release(questionId, tail),
    );
    this.tails.set(questionId, tail);
    return next;
  }

  private release(questionId: string, tail: Promise<unknown>): void {
    if (this.tails.get(questionId) === tail) this.tails.delete(questionId);
  }

  private run(questionId: string): Promise<LiveEventQuestionEntity> {
    return this.uow.run(async (tx) => {
      const repo = tx.manager.getRepository(LiveEventQuestionEntity);
      // Lock first, count in the next statement (READ COMMITTED: a fresh snapshot after the lock).
      await query(
        tx.manager,
        sql`SELECT 1 FROM live_event_question WHERE "id" = ${questionId}::uuid FOR UPDATE`,
      );
      const moved = await query<{ id: string }>(
        tx.manager,
        sql`WITH c AS (SELECT count(*)::int AS n FROM live_event_question_upvote WHERE "questionId" = ${questionId}::uuid)
            UPDATE live_event_question q SET "upvoteCount" = c.n, "updatedAt" = now() FROM c
            WHERE q."id" = ${questionId}::uuid AND q."upvoteCount" <> c.n RETURNING q."id"`,
      );
      const question = await repo.findOneByOrFail({ id: questionId });
      if (moved.length)
        tx.record('live-event-question.changed', {
          questionId: question.id,
          eventId: question.eventId,
          change: LiveEventQuestionChange.UPVOTED,
          wasPublished: false,
        });
      return question;
    });
  }
}
