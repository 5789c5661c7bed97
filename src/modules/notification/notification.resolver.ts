import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { filter, pipe } from '../../common/pubsub/async-iterables';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, NotFoundError, UnauthenticatedError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { canViewNotification } from './notification.policy';
import { loadReadable, nodeType } from '../../common/relay/node-registry';
import { Node } from '../../common/relay/node.interface';
import type { Topics } from '../../common/pubsub/pubsub';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { canViewPractitioner } from '../practitioner';
import { NotificationEntity } from './notification.entity';
import { NotificationService } from './notification.service';
import { MarkNotificationsReadInput, UpdateNotificationPreferencesInput } from './notification.inputs';
import {
  MAX_MARKED_READ,
  MarkAllNotificationsReadPayload,
  MarkNotificationsReadPayload,
  NOTIFICATION_TYPES,
  UpdateNotificationPreferencesPayload,
} from './notification.payloads';
import {
  NOTIFICATION_TYPE,
  Notification,
  NotificationConnection,
  NotificationPreference,
} from './notification.types';
import { ListSize } from '../../common/limits/list-size';

/** How many notifications one `markNotificationsRead` takes. */
/** One preference per type of notification. */

declare module '../../common/context' {
  interface ContextServices {
    notifications: NotificationService;
  }
}

/** The Node declaration of this type (listed in the module manifest). */
export const notificationNode = nodeType<NotificationEntity>(NOTIFICATION_TYPE, {
  isTypeOf: (value) => value instanceof NotificationEntity,
  byId: (ctx, id) => ctx.loaders.notification.byId.load(id),
  canRead: (ctx, n) => canViewNotification(ctx.viewer, n),
});

@ArgsType()
class NotificationsArgs extends BidirectionalConnectionArgs {
  @Field({ defaultValue: false, description: 'Only the unread ones.' })
  unreadOnly: boolean = false;
}

type NotificationEvent = Topics['NOTIFICATION_RECEIVED'][0];

@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly service: NotificationService) {}

  @Authorized()
  @Query(() => NotificationConnection, { description: 'Your notifications, newest first.' })
  notifications(
    @CurrentViewer() viewer: Viewer,
    @Args() args: NotificationsArgs,
  ): Promise<Page<NotificationEntity>> {
    return this.service.list(viewer, args.unreadOnly, args);
  }

  @Authorized()
  @Query(() => Int, { description: 'How many of your notifications are unread.' })
  unreadNotificationCount(@CurrentViewer() viewer: Viewer): Promise<number> {
    return this.service.unreadCount(viewer);
  }

  @Authorized()
  @Mutation(() => MarkNotificationsReadPayload, {
    description: 'Marks some of your notifications read (already read ones stay as they are).',
  })
  async markNotificationsRead(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => MarkNotificationsReadInput, { description: 'Your notifications.' })
    { ids }: MarkNotificationsReadInput,
  ): Promise<MarkNotificationsReadPayload> {
    if (ids.length === 0 || ids.length > MAX_MARKED_READ)
      throw new BadUserInputError(`ids must list 1 to ${MAX_MARKED_READ} notifications.`, [
        { field: 'ids', message: `must contain 1 to ${MAX_MARKED_READ} IDs` },
      ]);
    const local = ids.map((id, i) => fromGlobalIdOf(NOTIFICATION_TYPE, id, `ids[${i}]`));
    const notifications = await this.service.markRead(viewer, local);
    return { notifications, unreadNotificationCount: await this.service.unreadCount(viewer) };
  }

  @Authorized()
  @Mutation(() => MarkAllNotificationsReadPayload, { description: 'Marks all your notifications read.' })
  async markAllNotificationsRead(@CurrentViewer() viewer: Viewer): Promise<MarkAllNotificationsReadPayload> {
    const count = await this.service.markAllRead(viewer);
    return { count, unreadNotificationCount: await this.service.unreadCount(viewer) };
  }

  @Authorized()
  @ListSize(NOTIFICATION_TYPES)
  @Query(() => [NotificationPreference], {
    description: 'Which types of notification you receive (one entry per type).',
  })
  notificationPreferences(@CurrentViewer() viewer: Viewer): Promise<NotificationPreference[]> {
    return this.service.preferences(viewer);
  }

  @Authorized()
  @Mutation(() => UpdateNotificationPreferencesPayload, {
    description: 'Switches types of notification on or off.',
  })
  async updateNotificationPreferences(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateNotificationPreferencesInput, { description: 'The changes.' })
    { preferences }: UpdateNotificationPreferencesInput,
  ): Promise<UpdateNotificationPreferencesPayload> {
    return { preferences: await this.service.updatePreferences(viewer, preferences) };
  }

  @Authorized()
  @Subscription(() => Notification, {
    description: 'Each new notification of yours, as it is created (to you only).',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      if (!ctx.viewer) throw new UnauthenticatedError();
      const viewerId = ctx.viewer.id;
      return pipe(
        ctx.pubSub.subscribe('NOTIFICATION_RECEIVED'),
        filter((event: NotificationEvent) => event.recipientId === viewerId),
      );
    },
  })
  async notificationReceived(
    @Root() event: NotificationEvent,
    @Ctx() ctx: Context,
  ): Promise<NotificationEntity> {
    const n = await loadReadable(ctx, NOTIFICATION_TYPE, event.notificationId);
    if (!n) throw new NotFoundError('Notification');
    return n as NotificationEntity;
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() n: NotificationEntity): string {
    return toGlobalId(NOTIFICATION_TYPE, n.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you have read it.' })
  read(@Root() n: NotificationEntity): boolean {
    return !!n.readAt;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who caused it; null for the platform or when their profile is not visible to you.',
  })
  async actor(@Root() n: NotificationEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    if (!n.actorId) return null;
    const p = await ctx.loaders.practitioner.byId.load(n.actorId);
    return p && canViewPractitioner(ctx.viewer, p) ? p : null;
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description:
      'What it is about (a Post, Comment, ContactRequest, Network, Practitioner…); null when it is gone or no ' +
      'longer visible to you (e.g. hidden by a moderator).',
  })
  subject(@Root() n: NotificationEntity, @Ctx() ctx: Context): Promise<object | null> | null {
    if (!n.subjectType || !n.subjectId) return null;
    return loadReadable(ctx, n.subjectType, n.subjectId);
  }
}
