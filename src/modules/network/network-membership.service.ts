import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { VerificationStatus } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors/errors';
import type { PractitionerService } from '../practitioner';
import type { NetworkEntity } from './network.entity';
import { NetworkMemberEntity } from './network.entity';
import { JoinPolicy, MembershipStatus, NetworkRole } from './network.enums';
import { canManageNetwork } from './network.policy';
import { NotificationType } from '../notification-type';
import type { NotificationEvent } from '../notification';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import {
  activate,
  lockNetwork,
  membership,
  removeMembership,
  requireAnotherOwner,
  requireModerator,
  requirePractitioner,
  requireVerified,
} from './network-member-rows';

/**
 * Who belongs to a network: joining, leaving, requests (approve, decline), invitations (invite, decline) and
 * removal by the network's moderators.
 */
export class NetworkMembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerService,
    /** Membership changes that tell someone record `notification.requested` in a unit of work. */
    private readonly uow: UnitOfWork,
  ) {}

  /** OPEN: member at once; REQUEST: a pending request; INVITE: accepts one's invitation. Joining twice is a no-op. */
  async join(viewer: Viewer, networkId: string): Promise<NetworkEntity> {
    requireVerified(viewer, 'join networks');
    return this.uow.run(async ({ manager, record }) => {
      const network = await lockNetwork(manager, networkId);
      const mine = await membership(manager, networkId, viewer.id);
      if (mine?.status === MembershipStatus.ACTIVE) return network;
      if (
        mine?.status === MembershipStatus.INVITED ||
        (mine?.status === MembershipStatus.REQUESTED && network.joinPolicy === JoinPolicy.OPEN)
      ) {
        await activate(manager, network, viewer.id, mine.role);
        return network;
      }
      if (mine?.status === MembershipStatus.REQUESTED) return network;
      switch (network.joinPolicy) {
        case JoinPolicy.OPEN:
          await activate(manager, network, viewer.id, NetworkRole.MEMBER);
          return network;
        case JoinPolicy.REQUEST:
          await manager.getRepository(NetworkMemberEntity).insert({
            networkId,
            practitionerId: viewer.id,
            role: NetworkRole.MEMBER,
            status: MembershipStatus.REQUESTED,
          });
          // Told after the commit: every active owner and moderator of the network.
          const events: NotificationEvent[] = [];
          for (const m of await manager.getRepository(NetworkMemberEntity).find({
            select: { practitionerId: true },
            where: {
              networkId,
              status: MembershipStatus.ACTIVE,
              role: In([NetworkRole.OWNER, NetworkRole.MODERATOR]),
            },
          }))
            events.push({
              type: NotificationType.NETWORK_JOIN_REQUEST,
              recipientId: m.practitionerId,
              actorId: viewer.id,
              subjectType: 'Network',
              subjectId: networkId,
              networkId,
            });
          record('notification.requested', { notifications: events });
          return network;
        default:
          throw new ForbiddenError('This network is by invitation only.');
      }
    });
  }

  /** Ends one's membership, or withdraws one's request, or declines one's invitation. A no-op when none. */
  leave(viewer: Viewer, networkId: string): Promise<NetworkEntity> {
    return this.dataSource.transaction(async (manager) => {
      const network = await lockNetwork(manager, networkId);
      const mine = await membership(manager, networkId, viewer.id);
      if (!mine) return network;
      if (mine.status === MembershipStatus.ACTIVE && mine.role === NetworkRole.OWNER) {
        await requireAnotherOwner(manager, networkId, 'The last owner cannot leave');
      }
      await removeMembership(manager, network, mine);
      return network;
    });
  }

  /** A network owner or moderator (or a global moderator) accepts a request; approving a member is a no-op. */
  approveRequest(viewer: Viewer, networkId: string, practitionerId: string): Promise<NetworkMemberEntity> {
    requireVerified(viewer, 'moderate networks');
    return this.dataSource.transaction(async (manager) => {
      const network = await lockNetwork(manager, networkId);
      await requireModerator(manager, viewer, networkId);
      const target = await membership(manager, networkId, practitionerId);
      if (target?.status === MembershipStatus.ACTIVE) return target;
      if (target?.status !== MembershipStatus.REQUESTED) {
        await requirePractitioner(this.practitioners, manager, viewer, practitionerId);
        throw new ConflictError('This practitioner has not asked to join this network.');
      }
      return activate(manager, network, practitionerId, target.role);
    });
  }

  /** A network owner or moderator (or a global moderator) turns a request down. */
  declineRequest(viewer: Viewer, networkId: string, practitionerId: string): Promise<NetworkEntity> {
    requireVerified(viewer, 'moderate networks');
    return this.dataSource.transaction(async (manager) => {
      const network = await lockNetwork(manager, networkId);
      await requireModerator(manager, viewer, networkId);
      const target = await membership(manager, networkId, practitionerId);
      if (target?.status !== MembershipStatus.REQUESTED) {
        await requirePractitioner(this.practitioners, manager, viewer, practitionerId);
        throw new ConflictError('This practitioner has no pending request to join this network.');
      }
      await removeMembership(manager, network, target);
      return network;
    });
  }

  /**
   * A network owner or moderator (or a global moderator) invites a verified practitioner; inviting someone
   * who asked to join admits them. Inviting again is a no-op.
   */
  async invite(viewer: Viewer, networkId: string, practitionerId: string): Promise<NetworkMemberEntity> {
    requireVerified(viewer, 'invite to networks');
    if (practitionerId === viewer.id) {
      throw new BadUserInputError('You cannot invite yourself.', [
        { field: 'practitionerId', message: 'must be someone else' },
      ]);
    }
    return this.uow.run(async ({ manager, record }) => {
      const network = await lockNetwork(manager, networkId);
      await requireModerator(manager, viewer, networkId);
      const invitee = await requirePractitioner(this.practitioners, manager, viewer, practitionerId);
      if (invitee.verification !== VerificationStatus.VERIFIED) {
        throw new ConflictError('Only verified practitioners can be invited.');
      }
      const existing = await membership(manager, networkId, practitionerId);
      if (existing?.status === MembershipStatus.ACTIVE)
        throw new ConflictError('This practitioner is already a member.');
      if (existing?.status === MembershipStatus.INVITED) return existing;
      if (existing?.status === MembershipStatus.REQUESTED)
        return activate(manager, network, practitionerId, existing.role);
      const repo = manager.getRepository(NetworkMemberEntity);
      await repo.insert({
        networkId,
        practitionerId,
        role: NetworkRole.MEMBER,
        status: MembershipStatus.INVITED,
        invitedById: viewer.id,
      });
      record('notification.requested', {
        notifications: [
          {
            type: NotificationType.NETWORK_INVITATION,
            recipientId: practitionerId,
            actorId: viewer.id,
            subjectType: 'Network',
            subjectId: networkId,
            networkId,
          },
        ],
      });
      return repo.findOneByOrFail({ networkId, practitionerId });
    });
  }

  /** The invitee turns an invitation down. */
  declineInvitation(viewer: Viewer, networkId: string): Promise<NetworkEntity> {
    return this.dataSource.transaction(async (manager) => {
      const network = await lockNetwork(manager, networkId);
      const mine = await membership(manager, networkId, viewer.id);
      if (mine?.status !== MembershipStatus.INVITED)
        throw new ConflictError('You have no pending invitation to this network.');
      await removeMembership(manager, network, mine);
      return network;
    });
  }

  /**
   * A network owner or moderator (or a global moderator) removes a member or withdraws an invitation.
   * Only owners and admins remove owners and network moderators; the last owner stays; oneself leaves instead.
   */
  removeMember(viewer: Viewer, networkId: string, practitionerId: string): Promise<NetworkEntity> {
    requireVerified(viewer, 'moderate networks');
    if (practitionerId === viewer.id) {
      throw new BadUserInputError('Use leaveNetwork to leave a network yourself.', [
        { field: 'practitionerId', message: 'must be someone else' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const network = await lockNetwork(manager, networkId);
      await requireModerator(manager, viewer, networkId);
      const target = await membership(manager, networkId, practitionerId);
      if (target?.status !== MembershipStatus.ACTIVE && target?.status !== MembershipStatus.INVITED) {
        await requirePractitioner(this.practitioners, manager, viewer, practitionerId);
        throw new ConflictError('This practitioner is neither a member of this network nor invited to it.');
      }
      if (target.status === MembershipStatus.ACTIVE && target.role !== NetworkRole.MEMBER) {
        const mine = await membership(manager, networkId, viewer.id);
        if (!canManageNetwork(viewer, mine))
          throw new ForbiddenError(
            'Only an owner of the network or an admin removes its owners and moderators.',
          );
        if (target.role === NetworkRole.OWNER)
          await requireAnotherOwner(manager, networkId, 'The last owner cannot be removed');
      }
      await removeMembership(manager, network, target);
      return network;
    });
  }
}
