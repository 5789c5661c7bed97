import { MAX_REPORTS_LISTED, reportTargetKey } from './moderation.loaders';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { UUID_PATTERN, fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { loadReadable, nodeType } from '../../common/relay/node-registry';
import { Node } from '../../common/relay/node.interface';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ListSize } from '../../common/limits/list-size';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { PRACTITIONER_TYPE } from '../practitioner';
import { NETWORK_TYPE } from '../network';
import { canViewModerationItem } from './moderation.policy';
import type { ReportEntity } from './moderation.entity';
import { ModerationItemKind, TargetType } from './moderation.enums';
import { nodeTypeOf, reviewsReportedContent } from './moderation-targets';
import type { ModerationItemRow, ModerationQueueService } from './moderation-queue.service';
import {
  MODERATION_ITEM_TYPE,
  ModerationItem,
  ModerationItemConnection,
  ModerationQueueFilter,
  Report,
} from './moderation.types';
import { AssignModerationItemInput } from './moderation.inputs';
import { AssignModerationItemPayload } from './moderation.payloads';

const KINDS = Object.values(ModerationItemKind).join('|');
const TARGETS = Object.values(TargetType).join('|');

/**
 * The Node declaration of queue items (listed in the module manifest). Global id: kind, target type and
 * target id (`REPORT:POST:<uuid>`), stable while the item waits. Fetched as the queue would list it to the
 * viewer, so an item outside their queue (or no longer waiting) is null, as it is for an id of nothing.
 * Read: global moderators; otherwise the reviewers (the content kind's network review) of what it is about.
 */
export const moderationItemNode = nodeType<ModerationItemRow>(
  MODERATION_ITEM_TYPE,
  {
    isTypeOf: (value) => 'waitingSince' in value && 'reportCount' in value, // plain rows of the queue query
    byId: (ctx, key) => ctx.loaders.moderation.queueItem.load(key),
    canRead: async (ctx, item) =>
      canViewModerationItem(ctx.viewer, item.kind, false) ||
      canViewModerationItem(ctx.viewer, item.kind, await reviewsReportedContent(ctx, item)),
  },
  new RegExp(`^(${KINDS}):(${TARGETS}):${UUID_PATTERN}$`),
);

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
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => ModerationQueueFilter, { nullable: true, description: 'Narrows the queue.' })
    filter: ModerationQueueFilter | null,
  ): Promise<Page<ModerationItemRow>> {
    const networkIds = filter?.networkIds?.map((n, i) =>
      fromGlobalIdOf(NETWORK_TYPE, n, `filter.networkIds[${i}]`),
    );
    return this.queue.queue(viewer, { ...filter, networkIds }, args);
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => AssignModerationItemPayload, {
    description:
      'Takes a queue item (or gives it to another moderator with `assigneeId`); reassigning replaces the assignee. ' +
      'The item must be in your queue.',
  })
  async assignModerationItem(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => AssignModerationItemInput, { description: 'The queue item and the moderator.' })
    { id, assigneeId }: AssignModerationItemInput,
  ): Promise<AssignModerationItemPayload> {
    return {
      moderationItem: await this.queue.assign(
        viewer,
        fromGlobalIdOf(MODERATION_ITEM_TYPE, id),
        assigneeId ? fromGlobalIdOf(PRACTITIONER_TYPE, assigneeId, 'assigneeId') : null,
      ),
    };
  }

  @FieldResolver(() => ID, {
    description: 'Opaque global identifier (for `assignModerationItem` and `node`).',
  })
  id(@Root() item: ModerationItemRow): string {
    return toGlobalId(MODERATION_ITEM_TYPE, item.key);
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description: 'What awaits a decision: the Post, Comment, Practitioner (or legal development).',
  })
  subject(@Root() item: ModerationItemRow, @Ctx() ctx: Context): Promise<object | null> | null {
    return loadReadable(ctx, nodeTypeOf(ctx.services.reports.kinds, item.targetType), item.targetId);
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
