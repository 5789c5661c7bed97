import type { DataSource, EntityManager } from 'typeorm';
import { Role } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { isoMicros, sqlParams } from '../../common/relay/batched-connection';
import { decodeCursor, toPage } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { canDecideOnAccount, isModerator, OUTRANKED_MESSAGE } from '../practitioner/practitioner.policy';
import { PractitionerEntity } from '../practitioner/practitioner.entity';
import { PostEntity } from '../post/post.entity';
import { CommentEntity } from '../comment/comment.entity';
import { LegalDevelopmentEntity } from '../legal-development/legal-development.entity';
import { loadViewerNetworkScope } from '../network/network-scope';
import type { ViewerNetworkScope } from '../network/network-scope';
import { reportedPostIdSql } from './moderation.policy';
import { canReviewPost, postReviewerSql } from '../post/post.policy';
import { boundViewer } from '../../common/auth/policy';
import { NotificationType } from '../notification/notification.enums';
import type { NotificationEvent } from '../notification/notifier';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import {
  MODERATION_NOTE_MAX,
  ModerationAssignmentEntity,
  ModerationLogEntity,
  REPORT_DETAILS_MAX,
  ReportEntity,
} from './moderation.entity';
import {
  ModerationAction,
  ModerationItemKind,
  ModerationItemStatus,
  ModerationLogAction,
  ReportReason,
  ReportStatus,
  TargetType,
} from './moderation.enums';
import { recordModerationDecision } from './moderation-log';
import type { IdempotencyService } from '../idempotency/idempotency.service';

/** Indefinite suspensions are stored as this date (JavaScript dates cannot hold PostgreSQL's 'infinity'). */
export const INDEFINITELY = new Date('9999-12-31T23:59:59.000Z');

/** Node type names of what can be reported, and how they are stored. */
export const REPORTABLE: Record<string, TargetType> = {
  Post: TargetType.POST,
  Comment: TargetType.COMMENT,
  LegalDevelopment: TargetType.LEGAL_DEVELOPMENT,
  Practitioner: TargetType.PRACTITIONER,
};
export const NODE_TYPE_OF: Record<TargetType, string> = {
  [TargetType.POST]: 'Post',
  [TargetType.COMMENT]: 'Comment',
  [TargetType.LEGAL_DEVELOPMENT]: 'LegalDevelopment',
  [TargetType.PRACTITIONER]: 'Practitioner',
  [TargetType.NETWORK]: 'Network',
};

/** One item of the moderation queue, as the queue query returns it. */
export interface ModerationItemRow {
  key: string;
  kind: ModerationItemKind;
  targetType: TargetType;
  targetId: string;
  waitingSince: Date;
  cursorAt: string;
  reportCount: number;
  assigneeId: string | null;
  assignedAt: Date | null;
}

export interface QueueFilter {
  kinds?: ModerationItemKind[] | null;
  status?: ModerationItemStatus | null;
  networkIds?: string[] | null;
  assignedToMe?: boolean | null;
}

export interface LogFilter {
  actorId?: string | null;
  targetId?: string | null;
  actions?: ModerationLogAction[] | null;
  from?: Date | null;
  to?: Date | null;
  /** Also list the repeats folded into their burst's first entry. */
  includeRepeats?: boolean | null;
}

const ACTION_LOG: Record<ModerationAction, ModerationLogAction> = {
  [ModerationAction.DISMISS]: ModerationLogAction.REPORT_DISMISSED,
  [ModerationAction.HIDE_CONTENT]: ModerationLogAction.CONTENT_HIDDEN,
  [ModerationAction.RESTORE_CONTENT]: ModerationLogAction.CONTENT_RESTORED,
  [ModerationAction.WARN_AUTHOR]: ModerationLogAction.AUTHOR_WARNED,
  [ModerationAction.SUSPEND_AUTHOR]: ModerationLogAction.PRACTITIONER_SUSPENDED,
};

function checkNote(note: string | null | undefined, field = 'note', required = true): string | null {
  const text = note?.trim() ?? '';
  if (required && !text)
    throw new BadUserInputError(`${field} cannot be blank.`, [{ field, message: 'cannot be blank' }]);
  if ([...text].length > MODERATION_NOTE_MAX)
    throw new BadUserInputError(`${field} is too long (1,000 characters at most).`, [
      { field, message: `must be at most ${MODERATION_NOTE_MAX} characters` },
    ]);
  return text || null;
}

/** Reports, the moderation queue, decisions on reports, suspensions and the moderation log. */
export class ModerationService {
  constructor(
    private readonly dataSource: DataSource,
    /** Decisions record their events (notifications, closing a suspended account's connections) in a unit of work. */
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
  ) {}

  // ----- reports ---------------------------------------------------------------------------------------------

  /**
   * Files a report. The caller has already checked that the viewer can see the target. One open report per
   * reporter and target: a second one is CONFLICT.
   */
  async report(
    viewer: Viewer,
    targetType: TargetType,
    targetId: string,
    reason: ReportReason,
    details: string | null | undefined,
    idempotencyKey?: string | null,
  ): Promise<ReportEntity> {
    const load = (id: string) => this.dataSource.getRepository(ReportEntity).findOneByOrFail({ id });
    const args = { targetType, targetId, reason, details };
    const create = await this.idempotency.begin(viewer.id, 'report', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    const text = details?.trim() || null;
    if (text && [...text].length > REPORT_DETAILS_MAX)
      throw new BadUserInputError('details is too long (2,000 characters at most).', [
        { field: 'details', message: `must be at most ${REPORT_DETAILS_MAX} characters` },
      ]);
    if (reason === ReportReason.OTHER && !text)
      throw new BadUserInputError('Explain an OTHER report in details.', [
        { field: 'details', message: 'is required when the reason is OTHER' },
      ]);
    const authorId = await this.authorOf(this.dataSource.manager, targetType, targetId);
    if (authorId === viewer.id)
      throw new BadUserInputError('You cannot report yourself or your own content.', [
        { field: 'targetId', message: 'must be someone else’s' },
      ]);
    // A concurrent retry with the same key may have committed since `begin`: it is a replay, not a conflict.
    const conflict = async (): Promise<ReportEntity> => {
      if (idempotencyKey) {
        const again = await this.idempotency.begin(viewer.id, 'report', idempotencyKey, args, load);
        if (again.earlier) return again.earlier;
      }
      throw new ConflictError('You have already reported this; a moderator will look at it.');
    };
    const repo = this.dataSource.getRepository(ReportEntity);
    if (await repo.existsBy({ reporterId: viewer.id, targetType, targetId, status: ReportStatus.OPEN }))
      return conflict();
    try {
      const { result } = await create.run((manager) =>
        manager.getRepository(ReportEntity).save(
          manager.create(ReportEntity, {
            reporterId: viewer.id,
            targetType,
            targetId,
            reason,
            details: text,
          }),
        ),
      );
      return result;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return conflict();
      throw err;
    }
  }

  /** The author of reported content, or the practitioner themselves; NOT_FOUND when it does not exist. */
  private async authorOf(manager: EntityManager, type: TargetType, id: string): Promise<string> {
    if (type === TargetType.PRACTITIONER) {
      if (!(await manager.existsBy(PractitionerEntity, { id }))) throw new NotFoundError('Practitioner');
      return id;
    }
    if (type === TargetType.POST) {
      const post = await manager.findOne(PostEntity, { select: { id: true, authorId: true }, where: { id } });
      if (!post) throw new NotFoundError('Post');
      return post.authorId;
    }
    if (type === TargetType.COMMENT) {
      const c = await manager.findOne(CommentEntity, { select: { id: true, authorId: true }, where: { id } });
      if (!c) throw new NotFoundError('Comment');
      return c.authorId;
    }
    const ld = await manager.findOne(LegalDevelopmentEntity, {
      select: { id: true, authorId: true },
      where: { id },
    });
    if (!ld) throw new NotFoundError('Legal development');
    return ld.authorId ?? ''; // treaty-action developments may have no author
  }

  findReport(id: string): Promise<ReportEntity | null> {
    return this.dataSource.getRepository(ReportEntity).findOneBy({ id });
  }

  // ----- the queue -------------------------------------------------------------------------------------------

  /** Network moderators work on what is shared only with networks they moderate; global moderators on all. */
  private async moderatedNetworks(viewer: Viewer): Promise<ViewerNetworkScope | 'all'> {
    if (isModerator(viewer)) return 'all';
    const scope = await loadViewerNetworkScope(this.dataSource, viewer.id)();
    if (!scope.moderatedNetworkIds.size)
      throw new ForbiddenError('Only moderators (global, or of a network) see the moderation queue.');
    return scope;
  }

  /**
   * One queue of everything awaiting a decision, oldest first (keyset on waitingSince, key): posts pending
   * review, open reports grouped by target, pending verifications. One SQL statement.
   */
  async queue(
    viewer: Viewer,
    filter: QueueFilter | null | undefined,
    first: number,
    after: string | null | undefined,
    onlyKey?: string,
  ): Promise<Page<ModerationItemRow>> {
    const networks = await this.moderatedNetworks(viewer);
    const { params, bind } = sqlParams();
    const global = networks === 'all';
    // A post is in the viewer's scope when postPolicy makes them one of its reviewers.
    const reviewer = global ? null : boundViewer(viewer, bind); // positional: bind only what is used
    const inScope = (postIdSql: string) =>
      !reviewer
        ? 'TRUE'
        : `EXISTS (SELECT 1 FROM post sp WHERE sp."id" = ${postIdSql} AND ${postReviewerSql(reviewer, 'sp')})`;
    const parts = [
      `SELECT 'POST_REVIEW' AS kind, 'POST' AS "targetType", p.id AS "targetId", p."updatedAt" AS at
         FROM post p WHERE p.status = 'PENDING_REVIEW' AND ${inScope('p.id')}`,
      `SELECT 'REPORT', r."targetType", r."targetId", min(r."createdAt")
         FROM report r WHERE r.status = 'OPEN'
          AND ${global ? 'TRUE' : `r."targetType" IN ('POST', 'COMMENT') AND ${inScope(reportedPostIdSql('r'))}`}
        GROUP BY r."targetType", r."targetId"`,
    ];
    if (global)
      parts.push(
        `SELECT 'VERIFICATION', 'PRACTITIONER', pr.id, pr."createdAt" FROM practitioner pr WHERE pr.verification = 'PENDING'`,
        `SELECT 'LEGAL_DEVELOPMENT_REVIEW', 'LEGAL_DEVELOPMENT', ld.id, ld."updatedAt"
           FROM legal_development ld WHERE ld.status = 'PENDING_REVIEW'`,
      );
    const where: string[] = [];
    if (filter?.kinds?.length) where.push(`q.kind = ANY(${bind(filter.kinds)}::text[])`);
    if (filter?.status === ModerationItemStatus.ASSIGNED) where.push('a."assigneeId" IS NOT NULL');
    if (filter?.status === ModerationItemStatus.UNASSIGNED) where.push('a."assigneeId" IS NULL');
    if (filter?.assignedToMe) where.push(`a."assigneeId" = ${bind(viewer.id)}`);
    if (filter?.networkIds?.length) {
      const ids = bind(filter.networkIds);
      where.push(`EXISTS (SELECT 1 FROM post_network f WHERE f."networkId" = ANY(${ids}::uuid[])
        AND f."postId" = ${reportedPostIdSql('q')})`);
    }
    if (onlyKey) where.push(`q.key = ${bind(onlyKey)}`);
    if (after) {
      const [at, key] = decodeCursor(after, ['timestamp', 'string']);
      where.push(`(q.at, q.key) > (${bind(at)}::timestamptz, ${bind(key)}::text)`);
    }
    const rows: ModerationItemRow[] = await this.dataSource.query(
      `SELECT q.key, q.kind, q."targetType", q."targetId", q.at AS "waitingSince", ${isoMicros('q.at')} AS "cursorAt",
              (SELECT count(*)::int FROM report rc WHERE rc."targetType" = q."targetType" AND rc."targetId" = q."targetId"
                 AND rc.status = 'OPEN') AS "reportCount",
              a."assigneeId", a."assignedAt"
         FROM (SELECT u.*, u.kind || ':' || u."targetType" || ':' || u."targetId" AS key
                 FROM (${parts.join(' UNION ALL ')}) u(kind, "targetType", "targetId", at)) q
         LEFT JOIN moderation_assignment a ON a."itemKey" = q.key
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY q.at, q.key LIMIT ${bind(first + 1)}`,
      params,
    );
    return toPage(rows, first, (r) => [r.cursorAt, r.key]);
  }

  /** Takes a queue item (or gives it to another global moderator); the item must be in the viewer's queue. */
  async assign(viewer: Viewer, key: string, assigneeId: string | null): Promise<ModerationItemRow> {
    const found = await this.queue(viewer, null, 1, null, key);
    if (!found.edges.length) throw new NotFoundError('Moderation item');
    const assignee = assigneeId ?? viewer.id;
    if (assignee !== viewer.id) {
      const p = await this.dataSource.getRepository(PractitionerEntity).findOneBy({ id: assignee });
      if (!p) throw new NotFoundError('Practitioner');
      if (p.role !== Role.MODERATOR && p.role !== Role.ADMIN)
        throw new BadUserInputError('Items can only be assigned to moderators.', [
          { field: 'assigneeId', message: 'must be a moderator' },
        ]);
    }
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ModerationAssignmentEntity)
      .values({ itemKey: key, assigneeId: assignee, assignedAt: new Date() })
      .orUpdate(['assigneeId', 'assignedAt'], ['itemKey'])
      .updateEntity(false)
      .execute();
    return (await this.queue(viewer, null, 1, null, key)).edges[0].node;
  }

  // ----- decisions -------------------------------------------------------------------------------------------

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
    const networks = await this.moderatedNetworks(viewer);
    return this.uow.run(async ({ manager, record }) => {
      let notify: NotificationEvent | null = null;
      let suspended: string | null = null;
      const report = await manager
        .getRepository(ReportEntity)
        .findOne({ where: { id: reportId }, lock: { mode: 'pessimistic_write' } });
      if (!report) throw new NotFoundError('Report');
      if (networks !== 'all') {
        const inScope =
          (report.targetType === TargetType.POST || report.targetType === TargetType.COMMENT) &&
          (await this.reviewsContent(manager, viewer, report.targetType, report.targetId, networks));
        if (!inScope) throw new NotFoundError('Report');
      }
      if (report.status !== ReportStatus.OPEN) throw new ConflictError('This report is already resolved.');
      const authorId = await this.authorOf(manager, report.targetType, report.targetId);
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
          if (report.targetType === TargetType.PRACTITIONER)
            throw new BadUserInputError(
              `${action} applies to posts and comments; suspend practitioners instead.`,
              [{ field: 'action', message: 'does not apply to this target' }],
            );
          const hide = action === ModerationAction.HIDE_CONTENT;
          const entity =
            report.targetType === TargetType.POST
              ? PostEntity
              : report.targetType === TargetType.COMMENT
                ? CommentEntity
                : LegalDevelopmentEntity;
          const changed = await manager
            .createQueryBuilder()
            .update(entity)
            .set({ hiddenAt: hide ? () => 'now()' : null })
            .where(`id = :id AND "hiddenAt" IS ${hide ? 'NULL' : 'NOT NULL'}`, { id: report.targetId })
            .execute();
          if (!changed.affected)
            throw new ConflictError(hide ? 'This content is already hidden.' : 'This content is not hidden.');
          if (report.targetType === TargetType.COMMENT) {
            // commentCount counts the comments readers see: hiding takes one out, restoring puts it back.
            const c = await manager.findOneByOrFail(CommentEntity, { id: report.targetId });
            if (!c.deletedAt)
              await manager[hide ? 'decrement' : 'increment'](
                PostEntity,
                { id: c.postId },
                'commentCount',
                1,
              );
          }
          break;
        }
        case ModerationAction.SUSPEND_AUTHOR: {
          if (networks !== 'all') throw new ForbiddenError('Only global moderators suspend practitioners.');
          if (!authorId)
            throw new BadUserInputError('This content has no author to suspend.', [
              { field: 'action', message: 'does not apply to this target' },
            ]);
          const until = this.checkUntil(suspendUntil, 'suspendUntil');
          await this.applySuspension(manager, viewer, authorId, until, note);
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
          subjectType: NODE_TYPE_OF[report.targetType],
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

  /** Whether postPolicy makes the viewer a reviewer of a post, or of the post of a comment. */
  private async reviewsContent(
    manager: EntityManager,
    viewer: Viewer,
    type: TargetType,
    id: string,
    scope: ViewerNetworkScope,
  ): Promise<boolean> {
    const postId =
      type === TargetType.POST
        ? id
        : (await manager.findOne(CommentEntity, { select: { id: true, postId: true }, where: { id } }))
            ?.postId;
    const post = postId
      ? await manager.findOne(PostEntity, { select: { id: true, visibility: true }, where: { id: postId } })
      : null;
    if (!post) return false;
    const rows: { networkId: string }[] = await manager.query(
      `SELECT "networkId" FROM post_network WHERE "postId" = $1`,
      [post.id],
    );
    return canReviewPost(
      viewer,
      post,
      rows.map((r) => r.networkId),
      scope,
    );
  }

  private checkUntil(until: Date | null | undefined, field: string): Date {
    if (!until) return INDEFINITELY;
    if (Number.isNaN(until.getTime()) || until.getTime() <= Date.now())
      throw new BadUserInputError(`${field} must be in the future.`, [
        { field, message: 'must be in the future' },
      ]);
    return until;
  }

  /**
   * Suspends inside the caller's transaction: marks the account and ends its refresh tokens (they can no
   * longer be traded for access tokens). Open WebSocket connections are closed after the commit.
   */
  private async applySuspension(
    manager: EntityManager,
    viewer: Viewer,
    targetId: string,
    until: Date,
    reason: string | null,
  ): Promise<void> {
    const target = await manager
      .getRepository(PractitionerEntity)
      .findOne({ where: { id: targetId }, lock: { mode: 'pessimistic_write' } });
    if (!target) throw new NotFoundError('Practitioner');
    if (target.id === viewer.id) throw new ForbiddenError('You cannot suspend yourself.');
    if (!canDecideOnAccount(viewer, target)) throw new ForbiddenError(OUTRANKED_MESSAGE);
    await manager.update(
      PractitionerEntity,
      { id: targetId },
      { suspendedUntil: until, suspensionReason: reason },
    );
    await manager.query(
      `UPDATE refresh_token t SET "expiresAt" = now() FROM auth_session s
        WHERE t."sessionId" = s.id AND s."practitionerId" = $1 AND t."usedAt" IS NULL AND t."expiresAt" > now()`,
      [targetId],
    );
  }

  async suspend(
    viewer: Viewer,
    id: string,
    until: Date | null | undefined,
    reasonInput: string,
  ): Promise<PractitionerEntity> {
    if (!isModerator(viewer)) throw new ForbiddenError('Only global moderators suspend practitioners.');
    const reason = checkNote(reasonInput, 'reason');
    const end = this.checkUntil(until, 'until');
    return this.uow.run(async ({ manager, record }) => {
      await this.applySuspension(manager, viewer, id, end, reason);
      await recordModerationDecision(manager, {
        actorId: viewer.id,
        action: ModerationLogAction.PRACTITIONER_SUSPENDED,
        targetType: TargetType.PRACTITIONER,
        targetId: id,
        note: reason,
        details: { until: end.toISOString() },
      });
      record('practitioner.suspended', { practitionerId: id });
      record('notification.requested', {
        notifications: [
          {
            type: NotificationType.MODERATION_ACTION_ON_YOUR_CONTENT,
            recipientId: id,
            actorId: null,
            subjectType: NODE_TYPE_OF[TargetType.PRACTITIONER],
            subjectId: id,
            decision: ModerationAction.SUSPEND_AUTHOR,
            note: reason,
          },
        ],
      });
      return manager.getRepository(PractitionerEntity).findOneByOrFail({ id });
    });
  }

  async unsuspend(
    viewer: Viewer,
    id: string,
    noteInput: string | null | undefined,
  ): Promise<PractitionerEntity> {
    if (!isModerator(viewer)) throw new ForbiddenError('Only global moderators lift suspensions.');
    const note = checkNote(noteInput, 'note', false);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(PractitionerEntity);
      const target = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw new NotFoundError('Practitioner');
      // A moderator does not lift what only an admin could impose (the suspension of a moderator or admin).
      if (!canDecideOnAccount(viewer, target)) throw new ForbiddenError(OUTRANKED_MESSAGE);
      if (!target.suspendedUntil || target.suspendedUntil.getTime() <= Date.now())
        throw new ConflictError('This practitioner is not suspended.');
      await repo.update({ id }, { suspendedUntil: null, suspensionReason: null });
      await recordModerationDecision(manager, {
        actorId: viewer.id,
        action: ModerationLogAction.PRACTITIONER_UNSUSPENDED,
        targetType: TargetType.PRACTITIONER,
        targetId: id,
        note,
      });
      return repo.findOneByOrFail({ id });
    });
  }

  // ----- the log ---------------------------------------------------------------------------------------------

  /** The moderation log, newest first (keyset on createdAt, id). Global moderators only. */
  async log(
    viewer: Viewer,
    filter: LogFilter | null | undefined,
    first: number,
    after: string | null | undefined,
    onlyId?: string,
  ): Promise<Page<ModerationLogEntity>> {
    if (!isModerator(viewer)) throw new ForbiddenError('Only moderators read the moderation log.');
    const { params, bind } = sqlParams();
    const where: string[] = [];
    if (onlyId) where.push(`l.id = ${bind(onlyId)}`);
    else if (!filter?.includeRepeats) where.push(`l."burstOfId" IS NULL`);
    if (filter?.actorId) where.push(`l."actorId" = ${bind(filter.actorId)}`);
    if (filter?.targetId) where.push(`l."targetId" = ${bind(filter.targetId)}`);
    if (filter?.actions?.length) where.push(`l.action::text = ANY(${bind(filter.actions)}::text[])`);
    if (filter?.from) where.push(`l."createdAt" >= ${bind(filter.from)}`);
    if (filter?.to) where.push(`l."createdAt" < ${bind(filter.to)}`);
    if (after) {
      const [at, id] = decodeCursor(after, ['timestamp', 'uuid']);
      where.push(`(l."createdAt", l.id) < (${bind(at)}::timestamptz, ${bind(id)}::uuid)`);
    }
    // Each entry with the burst folded into it (its repeats' count, the last one's time and details).
    const rows: (ModerationLogEntity & {
      cursorAt: string;
      repeats: number;
      lastAt: Date | string;
      finalDetails: Record<string, string | null> | null;
    })[] = await this.dataSource.query(
      // The page first, then its bursts (two index look-ups per entry of the page, never of the whole log).
      `SELECT l.*, ${isoMicros('l."createdAt"')} AS "cursorAt", b.n AS "repeats",
              COALESCE(last."createdAt", l."createdAt") AS "lastAt", COALESCE(last."details", l."details") AS "finalDetails"
         FROM (SELECT * FROM moderation_log l ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY l."createdAt" DESC, l.id DESC LIMIT ${bind(first + 1)}) l
         CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM moderation_log r WHERE r."burstOfId" = l.id) b
         LEFT JOIN LATERAL (SELECT r."createdAt", r."details" FROM moderation_log r WHERE r."burstOfId" = l.id
                             ORDER BY r."createdAt" DESC, r.id DESC LIMIT 1) last ON true
        ORDER BY l."createdAt" DESC, l.id DESC`,
      params,
    );
    const repo = this.dataSource.getRepository(ModerationLogEntity);
    const cursors = new Map(rows.map((r) => [r.id, r.cursorAt]));
    return toPage(
      rows.map((r) =>
        Object.assign(repo.create(r), {
          repeats: r.repeats,
          lastAt: new Date(r.lastAt),
          finalDetails: r.finalDetails,
        }),
      ),
      first,
      (r) => [cursors.get(r.id)!, r.id],
    );
  }
}
