import type { EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { NotFoundError } from '../../common/errors/errors';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { ReviewDecision } from '../content';
import { checkReviewNote, decideReview, recordReviewDecision } from '../content';
import type { ReviewVocabulary } from '../content';
import { ModerationLogAction, TargetType } from '../moderation-log';
import { LegalDevelopmentEntity, LegalDevelopmentTransitionEntity } from './legal-development.entity';
import { LegalDevelopmentAction, LegalDevelopmentStatus } from './legal-development.enums';
import { canReviewLegalDevelopment, canViewLegalDevelopment } from './legal-development.policy';

/** Legal developments under the shared review rules (the same decisions and transitions as posts). */
export const LEGAL_DEVELOPMENT_REVIEW: ReviewVocabulary<LegalDevelopmentStatus, LegalDevelopmentAction> = {
  noun: 'legal development',
  pending: LegalDevelopmentStatus.PENDING_REVIEW,
  published: LegalDevelopmentStatus.PUBLISHED,
  outcomes: {
    [ReviewDecision.APPROVE]: LegalDevelopmentStatus.PUBLISHED,
    [ReviewDecision.REQUEST_CHANGES]: LegalDevelopmentStatus.CHANGES_REQUESTED,
    [ReviewDecision.REJECT]: LegalDevelopmentStatus.REJECTED,
  },
  actions: {
    [ReviewDecision.APPROVE]: LegalDevelopmentAction.APPROVE,
    [ReviewDecision.REQUEST_CHANGES]: LegalDevelopmentAction.REQUEST_CHANGES,
    [ReviewDecision.REJECT]: LegalDevelopmentAction.REJECT,
  },
  history: { entity: LegalDevelopmentTransitionEntity, contentColumn: 'legalDevelopmentId' },
  log: {
    targetType: TargetType.LEGAL_DEVELOPMENT,
    actions: {
      [ReviewDecision.APPROVE]: ModerationLogAction.LEGAL_DEVELOPMENT_APPROVED,
      [ReviewDecision.REQUEST_CHANGES]: ModerationLogAction.LEGAL_DEVELOPMENT_CHANGES_REQUESTED,
      [ReviewDecision.REJECT]: ModerationLogAction.LEGAL_DEVELOPMENT_REJECTED,
    },
  },
};

/** Locks a development the viewer may see, in the caller's transaction (NOT_FOUND otherwise). Edits use it too. */
export async function lockVisibleLegalDevelopment(
  manager: EntityManager,
  viewer: Viewer,
  id: string,
): Promise<LegalDevelopmentEntity> {
  const ld = await manager
    .getRepository(LegalDevelopmentEntity)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!ld || !canViewLegalDevelopment(viewer, ld)) throw new NotFoundError('Legal development');
  return ld;
}

/**
 * Records that a development has just been published, in the unit of work that publishes it: after the
 * commit, live subscribers hear of it and the followers of its country are notified.
 */
export function announceLegalDevelopment(tx: Tx, legalDevelopmentId: string): void {
  tx.record('legal-development.published', { legalDevelopmentId });
}

/** Reviewing a proposal (the shared review rules); an approval publishes and announces it. */
export class LegalDevelopmentReviewService {
  constructor(
    /** Publications record `legal-development.published` (live event, notifications) in a unit of work. */
    private readonly uow: UnitOfWork,
  ) {}

  async review(
    viewer: Viewer,
    id: string,
    decision: ReviewDecision,
    note: string | null,
  ): Promise<LegalDevelopmentEntity> {
    const cleanNote = checkReviewNote(note);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const ld = await lockVisibleLegalDevelopment(manager, viewer, id);
      const step = decideReview(
        LEGAL_DEVELOPMENT_REVIEW,
        viewer,
        { authorId: ld.authorId ?? '', status: ld.status },
        canReviewLegalDevelopment(viewer),
        decision,
      );
      ld.status = step.to;
      if (step.publishes) ld.publishedAt = new Date();
      await manager.getRepository(LegalDevelopmentEntity).save(ld);
      await recordReviewDecision(manager, LEGAL_DEVELOPMENT_REVIEW, viewer, id, decision, step, cleanNote);
      if (ld.status === LegalDevelopmentStatus.PUBLISHED) announceLegalDevelopment(tx, ld.id);
      return ld;
    });
  }
}
