import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { BadUserInputError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalId, fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { loadReadable, nodeType } from '../../common/relay/node-registry';
import { Node } from '../../common/relay/node.interface';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { isModerator } from '../practitioner';
import { canViewReport } from './moderation.policy';
import { ReportEntity } from './moderation.entity';
import { nodeTypeOf, reportableType, reviewsReportedContent } from './moderation-targets';
import type { ReportService } from './moderation-report.service';
import type { ReportDecisionService } from './moderation-decision.service';
import { REPORT_TYPE, Report } from './moderation.types';
import { ReportInput, ResolveReportInput } from './moderation.inputs';
import { ReportPayload, ResolveReportPayload } from './moderation.payloads';

/** The Node declaration of reports (listed in the module's manifest). */
export const reportNode = nodeType<ReportEntity>(REPORT_TYPE, {
  isTypeOf: (value) => value instanceof ReportEntity,
  byId: (ctx, id) => ctx.services.reports.findReport(id),
  // The reviewer fact costs loader reads: asked only when the reporter and global-moderator rules say no.
  canRead: async (ctx, report) =>
    canViewReport(ctx.viewer, report, false) ||
    canViewReport(ctx.viewer, report, await reviewsReportedContent(ctx, report)),
});

declare module '../../common/context' {
  interface ContextServices {
    reports: ReportService;
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
  @Mutation(() => ReportPayload, {
    description:
      'Reports content you can see (a post, comment, legal development, live event, live-event question or ' +
      'comment on one, course or publication) or a practitioner to the moderators. One open report ' +
      'per reporter and target (a second is CONFLICT); OTHER needs `details`; your own content is BAD_USER_INPUT.',
  })
  async report(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('input', () => ReportInput, { description: 'What you report and why.' })
    { targetId, reason, details, idempotencyKey }: ReportInput,
  ): Promise<ReportPayload> {
    const { typeName, id } = fromGlobalId(targetId, 'targetId');
    const type = reportableType(this.reports.kinds, typeName);
    if (!type)
      throw new BadUserInputError(`A ${typeName} cannot be reported.`, [
        { field: 'targetId', message: 'must be the ID of reportable content or a Practitioner' },
      ]);
    // What the reporter cannot see does not exist for them.
    if (!(await loadReadable(ctx, typeName, id))) throw new NotFoundError(typeName);
    return { report: await this.reports.report(viewer, type, id, reason, details, idempotencyKey) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => ResolveReportPayload, {
    description:
      'Decides on a report, and with it on every open report on the same target: DISMISS, HIDE_CONTENT, ' +
      'RESTORE_CONTENT, WARN_AUTHOR or SUSPEND_AUTHOR. Global moderators decide on anything; network moderators ' +
      'on posts, comments and publications shared only with networks they moderate (and never suspend). Logged once; the ' +
      'author is notified of any action but DISMISS.',
  })
  async resolveReport(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ResolveReportInput, { description: 'The report and the decision.' })
    { id, action, note, suspendUntil }: ResolveReportInput,
  ): Promise<ResolveReportPayload> {
    return {
      report: await this.decisions.resolveReport(
        viewer,
        fromGlobalIdOf(REPORT_TYPE, id),
        action,
        note,
        suspendUntil,
      ),
    };
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
    return loadReadable(ctx, nodeTypeOf(this.reports.kinds, r.targetType), r.targetId);
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
