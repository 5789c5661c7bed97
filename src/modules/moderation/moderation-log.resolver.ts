import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { Role } from '../../common/auth/role';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalId, fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { loadReadable, nodeType } from '../../common/relay/node-registry';
import { Node } from '../../common/relay/node.interface';
import { ListSize } from '../../common/limits/list-size';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { isModerator } from '../practitioner';
import { PRACTITIONER_TYPE } from '../practitioner';
import { canViewModerationLog } from './moderation.policy';
import { ModerationLogEntity } from './moderation.entity';
import { nodeTypeOf } from './moderation-targets';
import type { ModerationLogService } from './moderation-log.service';
import {
  MODERATION_LOG_ENTRY_TYPE,
  ModerationLogConnection,
  ModerationLogDetail,
  ModerationLogEntry,
  ModerationLogFilter,
  REPORT_TYPE,
} from './moderation.types';

/** The Node declaration of log entries (listed in the module's manifest). */
export const moderationLogEntryNode = nodeType<ModerationLogEntity>(MODERATION_LOG_ENTRY_TYPE, {
  isTypeOf: (value) => value instanceof ModerationLogEntity,
  async byId(ctx, id) {
    if (!isModerator(ctx.viewer)) return null;
    const page = await ctx.services.moderationLog.log(ctx.viewer!, null, { first: 1 }, id);
    return page.edges[0]?.node ?? null;
  },
  canRead: (ctx) => canViewModerationLog(ctx.viewer),
});
/** A log entry's details are written by the server, with a few keys (role from/to, until, scope). */
const MAX_LOG_DETAILS = 10;

declare module '../../common/context' {
  interface ContextServices {
    moderationLog: ModerationLogService;
  }
}

@Resolver(() => ModerationLogEntry)
export class ModerationLogResolver {
  constructor(private readonly log: ModerationLogService) {}

  @Authorized(Role.MODERATOR)
  @Query(() => ModerationLogConnection, {
    description:
      'The moderation log, newest first: every moderation and role decision (vetting, review, report resolution, ' +
      'suspension, role change, featuring). Append-only: no operation edits or deletes it. A burst of role ' +
      'changes is listed as its first entry (see `repeats`) unless `filter.includeRepeats`.',
  })
  moderationLog(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
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
      args,
    );
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
  targetId(@Root() e: ModerationLogEntity, @Ctx() ctx: Context): string {
    return toGlobalId(nodeTypeOf(ctx.services.reports.kinds, e.targetType), e.targetId);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'What the decision was about; null if gone.' })
  target(@Root() e: ModerationLogEntity, @Ctx() ctx: Context): Promise<object | null> | null {
    return loadReadable(ctx, nodeTypeOf(ctx.services.reports.kinds, e.targetType), e.targetId);
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

/** Details in key order (jsonb does not keep insertion order). */
function detailList(details: Record<string, string | null> | null | undefined): ModerationLogDetail[] {
  return Object.entries(details ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, MAX_LOG_DETAILS) // the size the field is priced at (the server writes a few keys)
    .map(([key, value]) => ({ key, value }));
}
