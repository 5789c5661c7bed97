import { MAX_REPORTS_LISTED, reportTargetKey } from './moderation.loaders';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY, Role } from '../../common/auth/role';
import { BadUserInputError, NotFoundError } from '../../common/errors/errors';
import { ConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalId, fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { loadReadable, nodeType, readPolicyOf } from '../../common/relay/node-registry';
import { Node } from '../../common/relay/node.interface';
import { Practitioner } from '../practitioner/practitioner.types';
import type { PractitionerEntity } from '../practitioner/practitioner.entity';
import { isModerator } from '../practitioner/practitioner.policy';
import { canViewModerationItem, canViewModerationLog, canViewReport } from './moderation.policy';
import { canReviewPost } from '../post/post.policy';
import { PRACTITIONER_TYPE } from '../practitioner/practitioner.resolver';
import { NETWORK_TYPE } from '../network/network.types';
import { ModerationLogEntity, ReportEntity } from './moderation.entity';
import { ModerationAction, ModerationItemKind, ReportReason, TargetType } from './moderation.enums';
import { NODE_TYPE_OF, REPORTABLE } from './moderation-targets';
import type { ModerationItemRow, ModerationQueueService } from './moderation-queue.service';
import type { ReportService } from './moderation-report.service';
import type { ReportDecisionService } from './moderation-decision.service';
import type { SuspensionService } from './moderation-suspension.service';
import type { ModerationLogService } from './moderation-log.service';
import {
  MODERATION_ITEM_TYPE,
  MODERATION_LOG_ENTRY_TYPE,
  ModerationItem,
  ModerationItemConnection,
  ModerationLogConnection,
  ModerationLogDetail,
  ModerationLogEntry,
  ModerationLogFilter,
  ModerationQueueFilter,
  REPORT_TYPE,
  Report,
} from './moderation.types';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { MultiLineArgs } from '../../common/validation/text';
import { ListSize } from '../../common/limits/list-size';

/** Whether postPolicy makes the viewer a reviewer of the reported post (or of the post of a reported comment). */
async function reviewsReportedContent(
  ctx: Context,
  report: { targetType: TargetType; targetId: string },
): Promise<boolean> {
  const postId =
    report.targetType === TargetType.POST
      ? report.targetId
      : report.targetType === TargetType.COMMENT
        ? (await ctx.loaders.comment.byId.load(report.targetId))?.postId
        : null;
  const post = postId ? await ctx.loaders.post.byId.load(postId) : null;
  if (!post) return false;
  const [networkIds, scope] = await Promise.all([
    ctx.loaders.post.networkIds.load(post.id),
    ctx.loaders.post.viewerScope(),
  ]);
  return canReviewPost(ctx.viewer, post, networkIds, scope);
}

/** The Node declarations and read policies of this module (listed in its manifest). */
export const reportNode = nodeType<ReportEntity>(REPORT_TYPE, {
  isTypeOf: (value) => value instanceof ReportEntity,
  byId: (ctx, id) => ctx.services.reports.findReport(id),
  // The reviewer fact costs loader reads: asked only when the reporter and global-moderator rules say no.
  canRead: async (ctx, report) =>
    canViewReport(ctx.viewer, report, false) ||
    canViewReport(ctx.viewer, report, await reviewsReportedContent(ctx, report)),
});
// A queue item: global moderators; otherwise the reviewers (postPolicy) of the post or comment it is about.
export const moderationItemReadPolicy = readPolicyOf<ModerationItemRow>(MODERATION_ITEM_TYPE, {
  isTypeOf: () => false, // plain rows, never behind an abstract type
  canRead: async (ctx, item) =>
    canViewModerationItem(ctx.viewer, item.kind, false) ||
    canViewModerationItem(ctx.viewer, item.kind, await reviewsReportedContent(ctx, item)),
});
export const moderationLogEntryNode = nodeType<ModerationLogEntity>(MODERATION_LOG_ENTRY_TYPE, {
  isTypeOf: (value) => value instanceof ModerationLogEntity,
  async byId(ctx, id) {
    if (!isModerator(ctx.viewer)) return null;
    const page = await ctx.services.moderationLog.log(ctx.viewer!, null, 1, null, id);
    return page.edges[0]?.node ?? null;
  },
  canRead: (ctx) => canViewModerationLog(ctx.viewer),
});
/** A log entry's details are written by the server, with a few keys (role from/to, until, scope). */
const MAX_LOG_DETAILS = 10;

const KINDS = Object.values(ModerationItemKind).join('|');
const TARGETS = Object.values(TargetType).join('|');
/** A queue item's global id: its kind, target type and target id (not fetched by `node`). */
export const moderationItemIds = {
  typeName: MODERATION_ITEM_TYPE,
  localId: new RegExp(
    `^(${KINDS}):(${TARGETS}):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
  ),
};

declare module '../../common/context' {
  interface ContextServices {
    reports: ReportService;
    moderationLog: ModerationLogService;
  }
}

@Resolver(() => Report)
export class ReportResolver {
  constructor(
    private readonly reports: ReportService,
    private readonly decisions: ReportDecisionService,
  ) {}

  @Authorized(COMMUNITY)
  @RateLimit('report')
  @Mutation(() => Report, {
    description:
      'Reports a post, comment, legal development or practitioner you can see to the moderators. One open report ' +
      'per reporter and target (a second is CONFLICT); OTHER needs `details`; your own content is BAD_USER_INPUT.',
  })
  @MultiLineArgs('details')
  async report(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('targetId', () => ID, {
      description: 'The ID of a Post, Comment, LegalDevelopment or Practitioner.',
    })
    targetId: string,
    @Arg('reason', () => ReportReason, { description: 'Why.' }) reason: ReportReason,
    @Arg('details', () => String, { nullable: true, description: 'Explanation (up to 2,000 characters).' })
    details: string | null,
    @Arg('idempotencyKey', () => String, IDEMPOTENCY_KEY_ARG) idempotencyKey: string | null,
  ): Promise<ReportEntity> {
    const { typeName, id } = fromGlobalId(targetId, 'targetId');
    const type = REPORTABLE[typeName];
    if (!type)
      throw new BadUserInputError(`A ${typeName} cannot be reported.`, [
        { field: 'targetId', message: 'must be the ID of a Post, Comment, LegalDevelopment or Practitioner' },
      ]);
    // What the reporter cannot see does not exist for them.
    if (!(await loadReadable(ctx, typeName, id))) throw new NotFoundError(typeName);
    return this.reports.report(viewer, type, id, reason, details, idempotencyKey);
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => Report, {
    description:
      'Decides on a report, and with it on every open report on the same target: DISMISS, HIDE_CONTENT, ' +
      'RESTORE_CONTENT, WARN_AUTHOR or SUSPEND_AUTHOR. Global moderators decide on anything; network moderators ' +
      'on posts and comments shared only with networks they moderate (and never suspend). Logged once; the ' +
      'author is notified of any action but DISMISS.',
  })
  @MultiLineArgs('note')
  resolveReport(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The report.' }) id: string,
    @Arg('action', () => ModerationAction, { description: 'The decision.' }) action: ModerationAction,
    @Arg('note', { description: 'Why (1 to 1,000 characters); shown to the author with the action.' })
    note: string,
    @Arg('suspendUntil', () => Date, {
      nullable: true,
      description: 'For SUSPEND_AUTHOR: until when (in the future); indefinitely when absent.',
    })
    suspendUntil: Date | null,
  ): Promise<ReportEntity> {
    return this.decisions.resolveReport(viewer, fromGlobalIdOf(REPORT_TYPE, id), action, note, suspendUntil);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() r: ReportEntity): string {
    return toGlobalId(REPORT_TYPE, r.id);
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description: 'What was reported; null if it is gone or you may not see it.',
  })
  target(@Root() r: ReportEntity, @Ctx() ctx: Context): Promise<object | null> | null {
    return loadReadable(ctx, NODE_TYPE_OF[r.targetType], r.targetId);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who reported it (moderators and the reporter).',
  })
  async reporter(@Root() r: ReportEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    if (!ctx.viewer || (ctx.viewer.id !== r.reporterId && !isModerator(ctx.viewer))) return null;
    return ctx.loaders.practitioner.byId.load(r.reporterId);
  }
}

@Resolver(() => ModerationItem)
export class ModerationQueueResolver {
  constructor(private readonly queue: ModerationQueueService) {}

  @Authorized(COMMUNITY)
  @Query(() => ModerationItemConnection, {
    description:
      'Everything awaiting a moderator, oldest first: posts pending review, open reports (grouped by target, with ' +
      'their number) and pending verifications. Global moderators see all; network moderators (OWNER or ' +
      'MODERATOR of a network) see the posts and reports of content shared only with networks they moderate; ' +
      'others are FORBIDDEN.',
  })
  moderationQueue(
    @CurrentViewer() viewer: Viewer,
    @Args() { first, after }: ConnectionArgs,
    @Arg('filter', () => ModerationQueueFilter, { nullable: true, description: 'Narrows the queue.' })
    filter: ModerationQueueFilter | null,
  ): Promise<Page<ModerationItemRow>> {
    const networkIds = filter?.networkIds?.map((n, i) =>
      fromGlobalIdOf(NETWORK_TYPE, n, `filter.networkIds[${i}]`),
    );
    return this.queue.queue(viewer, { ...filter, networkIds }, first, after);
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => ModerationItem, {
    description:
      'Takes a queue item (or gives it to another moderator with `assigneeId`); reassigning replaces the assignee. ' +
      'The item must be in your queue.',
  })
  assignModerationItem(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The queue item.' }) id: string,
    @Arg('assigneeId', () => ID, { nullable: true, description: 'A moderator; yourself when absent.' })
    assigneeId: string | null,
  ): Promise<ModerationItemRow> {
    return this.queue.assign(
      viewer,
      fromGlobalIdOf(MODERATION_ITEM_TYPE, id),
      assigneeId ? fromGlobalIdOf(PRACTITIONER_TYPE, assigneeId, 'assigneeId') : null,
    );
  }

  @FieldResolver(() => ID, { description: 'Opaque identifier.' })
  id(@Root() item: ModerationItemRow): string {
    return toGlobalId(MODERATION_ITEM_TYPE, item.key);
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description: 'What awaits a decision: the Post, Comment, Practitioner (or legal development).',
  })
  subject(@Root() item: ModerationItemRow, @Ctx() ctx: Context): Promise<object | null> | null {
    return loadReadable(ctx, NODE_TYPE_OF[item.targetType], item.targetId);
  }

  @ListSize(MAX_REPORTS_LISTED)
  @FieldResolver(() => [Report], {
    description: `The open reports on the subject, oldest first (the first ${MAX_REPORTS_LISTED}; \`reportCount\` counts them all).`,
  })
  async reports(@Root() item: ModerationItemRow, @Ctx() ctx: Context): Promise<ReportEntity[]> {
    if (!item.reportCount) return [];
    return ctx.loaders.moderation.openReports.load(reportTargetKey(item.targetType, item.targetId));
  }

  @FieldResolver(() => Practitioner, { nullable: true, description: 'Who has taken it.' })
  assignee(@Root() item: ModerationItemRow, @Ctx() ctx: Context): Promise<PractitionerEntity | null> | null {
    return item.assigneeId ? ctx.loaders.practitioner.byId.load(item.assigneeId) : null;
  }
}

@Resolver(() => ModerationLogEntry)
export class ModerationLogResolver {
  constructor(
    private readonly log: ModerationLogService,
    private readonly suspensions: SuspensionService,
  ) {}

  @Authorized(Role.MODERATOR)
  @Query(() => ModerationLogConnection, {
    description:
      'The moderation log, newest first: every moderation and role decision (vetting, review, report resolution, ' +
      'suspension, role change, featuring). Append-only: no operation edits or deletes it. A burst of role ' +
      'changes is listed as its first entry (see `repeats`) unless `filter.includeRepeats`.',
  })
  moderationLog(
    @CurrentViewer() viewer: Viewer,
    @Args() { first, after }: ConnectionArgs,
    @Arg('filter', () => ModerationLogFilter, { nullable: true, description: 'Narrows the log.' })
    filter: ModerationLogFilter | null,
  ): Promise<Page<ModerationLogEntity>> {
    return this.log.log(
      viewer,
      {
        ...filter,
        actorId: filter?.actorId ? fromGlobalIdOf(PRACTITIONER_TYPE, filter.actorId, 'filter.actorId') : null,
        targetId: filter?.targetId ? fromGlobalId(filter.targetId, 'filter.targetId').id : null,
      },
      first,
      after,
    );
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => Practitioner, {
    description:
      'Suspends a practitioner until `until` (indefinitely when absent), at once: their writes fail with ' +
      'FORBIDDEN, their refresh tokens stop working and their open WebSocket connections are closed (4403). ' +
      'Global moderators; only admins suspend moderators and admins.',
  })
  @MultiLineArgs('reason')
  suspendPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The practitioner.' }) id: string,
    @Arg('until', () => Date, { nullable: true, description: 'When it ends (in the future).' })
    until: Date | null,
    @Arg('reason', { description: 'Why (1 to 1,000 characters); shown to them.' }) reason: string,
  ): Promise<PractitionerEntity> {
    return this.suspensions.suspend(viewer, fromGlobalIdOf(PRACTITIONER_TYPE, id), until, reason);
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => Practitioner, { description: 'Lifts a suspension (global moderators).' })
  @MultiLineArgs('note')
  unsuspendPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The practitioner.' }) id: string,
    @Arg('note', () => String, { nullable: true, description: 'Why (up to 1,000 characters).' })
    note: string | null,
  ): Promise<PractitionerEntity> {
    return this.suspensions.unsuspend(viewer, fromGlobalIdOf(PRACTITIONER_TYPE, id), note);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() e: ModerationLogEntity): string {
    return toGlobalId(MODERATION_LOG_ENTRY_TYPE, e.id);
  }

  @FieldResolver(() => Practitioner, { nullable: true, description: 'Who decided.' })
  actor(@Root() e: ModerationLogEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return ctx.loaders.practitioner.byId.load(e.actorId);
  }

  @FieldResolver(() => ID, { description: 'The ID of what the decision was about (even if it is gone).' })
  targetId(@Root() e: ModerationLogEntity): string {
    return toGlobalId(NODE_TYPE_OF[e.targetType], e.targetId);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'What the decision was about; null if gone.' })
  target(@Root() e: ModerationLogEntity, @Ctx() ctx: Context): Promise<object | null> | null {
    return loadReadable(ctx, NODE_TYPE_OF[e.targetType], e.targetId);
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The report it resolved, if any.' })
  reportId(@Root() e: ModerationLogEntity): string | null {
    return e.reportId ? toGlobalId(REPORT_TYPE, e.reportId) : null;
  }

  @ListSize(MAX_LOG_DETAILS)
  @FieldResolver(() => [ModerationLogDetail], {
    description: 'Facts of the decision (role from/to, until…), in key order.',
  })
  details(@Root() e: ModerationLogEntity): ModerationLogDetail[] {
    return detailList(e.details);
  }

  @ListSize(MAX_LOG_DETAILS)
  @FieldResolver(() => [ModerationLogDetail], {
    description:
      'Facts of the last change of its burst (e.g. `to`: the role the target ended with); as `details` ' +
      'without repeats.',
  })
  finalDetails(@Root() e: ModerationLogEntity): ModerationLogDetail[] {
    return detailList(e.finalDetails === undefined ? e.details : e.finalDetails);
  }

  @FieldResolver(() => ID, {
    nullable: true,
    description: 'For a repeat, the first entry of its burst (which counts it in `repeats`); null otherwise.',
  })
  burstOf(@Root() e: ModerationLogEntity): string | null {
    return e.burstOfId ? toGlobalId(MODERATION_LOG_ENTRY_TYPE, e.burstOfId) : null;
  }
}

@Resolver(() => Practitioner)
export class PractitionerSuspensionResolver {
  @FieldResolver(() => Date, {
    nullable: true,
    description: 'Suspended until (the practitioner themselves and moderators); null when not suspended.',
  })
  suspendedUntil(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Date | null {
    if (!ctx.viewer || (ctx.viewer.id !== p.id && !isModerator(ctx.viewer))) return null;
    return p.suspendedUntil && p.suspendedUntil.getTime() > Date.now() ? p.suspendedUntil : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why they are suspended (the practitioner themselves and moderators).',
  })
  suspensionReason(@Root() p: PractitionerEntity, @Ctx() ctx: Context): string | null {
    return this.suspendedUntil(p, ctx) ? p.suspensionReason : null;
  }
}

/** Details in key order (jsonb does not keep insertion order). */
function detailList(details: Record<string, string | null> | null | undefined): ModerationLogDetail[] {
  return Object.entries(details ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, MAX_LOG_DETAILS) // the size the field is priced at (the server writes a few keys)
    .map(([key, value]) => ({ key, value }));
}
