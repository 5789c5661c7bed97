import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import type { ContentKinds } from '../content';
import { NotificationType } from '../notification-type';
import type { NotificationEvent } from '../notification';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { ModerationAssignmentEntity, ModerationLogEntity, ReportEntity } from './moderation.entity';
import {
  ModerationAction,
  ModerationItemKind,
  ModerationLogAction,
  ReportStatus,
  TargetType,
} from './moderation.enums';
import { recordModerationDecision } from '../moderation-log';
import { checkNote, checkUntil, moderatedNetworks } from './moderation-checks';
import { authorOf, nodeTypeOf } from './moderation-targets';
import { applySuspension } from './moderation-suspension.service';

const ACTION_LOG: Record<ModerationAction, ModerationLogAction> = {
  [ModerationAction.DISMISS]: ModerationLogAction.REPORT_DISMISSED,
  [ModerationAction.HIDE_CONTENT]: ModerationLogAction.CONTENT_HIDDEN,
  [ModerationAction.RESTORE_CONTENT]: ModerationLogAction.CONTENT_RESTORED,
  [ModerationAction.WARN_AUTHOR]: ModerationLogAction.AUTHOR_WARNED,
  [ModerationAction.SUSPEND_AUTHOR]: ModerationLogAction.PRACTITIONER_SUSPENDED,
};

/** Decisions on reports: dismiss, hide or restore the content, warn or suspend its author. */
export class ReportDecisionService {
  constructor(
    private readonly dataSource: DataSource,
    /** Decisions record their events (notifications, closing a suspended account's connections) in a unit of work. */
    private readonly uow: UnitOfWork,
    /** The content kinds decisions act on (hide, restore, author, who reviews), asked by the report's target type. */
    private readonly kinds: ContentKinds,
  ) {}

  /**
   * Decides on a report. The decision closes every open report on the same target (one decision, one log
   * entry); the author is told of any action other than DISMISS.
   */
  async resolveReport(
    viewer: Viewer,
    reportId: string,
    action: ModerationAction,
    noteInput: string,
    suspendUntil: Date | null | undefined,
  ): Promise<ReportEntity> {
    const note = checkNote(noteInput);
    const networks = await moderatedNetworks(this.dataSource, viewer, this.kinds);
    return this.uow.run(async ({ manager, record }) => {
      let notify: NotificationEvent | null = null;
      let suspended: string | null = null;
      const report = await manager
        .getRepository(ReportEntity)
        .findOne({ where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
      if (!report) throw new NotFoundError('Report');
      const kind = this.kinds.of(report.targetType);
      if (networks !== 'all') {
        // A network moderator decides on reports about content they review (the kind's network-review rule).
        const inScope =
          !!kind?.networkReview &&
          (await kind.networkReview.reviews(manager, viewer, report.targetId, networks));
        if (!inScope) throw new NotFoundError('Report');
      }
      if (report.status !== ReportStatus.OPEN) throw new ConflictError('This report is already resolved.');
      const authorId = await authorOf(manager, this.kinds, report.targetType, report.targetId);
      if (authorId === viewer.id) throw new ForbiddenError('You cannot decide on reports about yourself.');
      // The decision closes every open report on the target: nobody decides on one they filed themselves.
      if (
        await manager.existsBy(ReportEntity, {
          targetType: report.targetType,
          targetId: report.targetId,
          status: ReportStatus.OPEN,
          reporterId: viewer.id,
        })
      )
        throw new ForbiddenError('You cannot decide on a report you filed; another moderator will.');
      // A network moderator does not undo a global moderator's decision to hide.
      if (action === ModerationAction.RESTORE_CONTENT && networks !== 'all') {
        const hiddenBy = await this.lastHideScope(manager, report.targetType, report.targetId);
        if (hiddenBy !== 'network')
          throw new ForbiddenError('Only a global moderator restores content a global moderator hid.');
      }

      const details: Record<string, string | null> = {};
      switch (action) {
        case ModerationAction.HIDE_CONTENT:
        case ModerationAction.RESTORE_CONTENT: {
          if (!kind)
            throw new BadUserInputError(
              `${action} applies to posts and comments; suspend practitioners instead.`,
              [{ field: 'action', message: 'does not apply to this target' }],
            );
          const hide = action === ModerationAction.HIDE_CONTENT;
          if (!(await kind.setHidden(manager, report.targetId, hide, { record })))
            throw new ConflictError(hide ? 'This content is already hidden.' : 'This content is not hidden.');
          break;
        }
        case ModerationAction.SUSPEND_AUTHOR: {
          if (networks !== 'all') throw new ForbiddenError('Only global moderators suspend practitioners.');
          if (!authorId)
            throw new BadUserInputError('This content has no author to suspend.', [
              { field: 'action', message: 'does not apply to this target' },
            ]);
          const until = checkUntil(suspendUntil, 'suspendUntil');
          await applySuspension(manager, viewer, authorId, until, note);
          details.until = until.toISOString();
          suspended = authorId;
          break;
        }
        default:
          break;
      }
      // Who hid it decides who may restore it (see RESTORE_CONTENT above).
      if (action === ModerationAction.HIDE_CONTENT) details.scope = networks === 'all' ? 'global' : 'network';
      const now = new Date();
      await manager.update(
        ReportEntity,
        { targetType: report.targetType, targetId: report.targetId, status: ReportStatus.OPEN },
        {
          status: ReportStatus.RESOLVED,
          resolution: action,
          resolutionNote: note,
          resolvedById: viewer.id,
          resolvedAt: now,
        },
      );
      await manager.delete(ModerationAssignmentEntity, {
        itemKey: `${ModerationItemKind.REPORT}:${report.targetType}:${report.targetId}`,
      });
      await recordModerationDecision(manager, {
        actorId: viewer.id,
        action: ACTION_LOG[action],
        targetType: action === ModerationAction.SUSPEND_AUTHOR ? TargetType.PRACTITIONER : report.targetType,
        targetId: action === ModerationAction.SUSPEND_AUTHOR ? authorId : report.targetId,
        reportId: report.id,
        note,
        details: Object.keys(details).length ? details : null,
      });
      if (action !== ModerationAction.DISMISS)
        notify = {
          type: NotificationType.MODERATION_ACTION_ON_YOUR_CONTENT,
          recipientId: authorId,
          actorId: null, // the moderator's identity is not disclosed
          subjectType: nodeTypeOf(this.kinds, report.targetType),
          subjectId: report.targetId,
          decision: action,
          note,
        };
      // Delivered after the commit: the suspended author's sockets close, so that a reconnect is refused.
      if (suspended) record('practitioner.suspended', { practitionerId: suspended });
      if (notify) record('notification.requested', { notifications: [notify] });
      return manager.getRepository(ReportEntity).findOneByOrFail({ id: report.id });
    });
  }

  /**
   * Whether the content's latest hiding was decided by a global or a network moderator (`details.scope` of
   * its last CONTENT_HIDDEN log entry); null when not known, which counts as global.
   */
  private async lastHideScope(
    manager: EntityManager,
    targetType: TargetType,
    targetId: string,
  ): Promise<'global' | 'network' | null> {
    const last = await manager.findOne(ModerationLogEntity, {
      where: { targetType, targetId, action: ModerationLogAction.CONTENT_HIDDEN },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const scope = last?.details?.scope;
    return scope === 'global' || scope === 'network' ? scope : null;
  }
}
