import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { ConflictError, ForbiddenError } from '../../common/errors/errors';
import { toGlobalId } from '../../common/relay/global-id';
import type { PractitionerService } from '../practitioner';
import { recordModerationDecision } from '../moderation-log';
import { ModerationLogAction, TargetType } from '../moderation-log';
import { NetworkMemberEntity } from './network.entity';
import { MembershipStatus, NetworkRole } from './network.enums';
import { canManageNetwork } from './network.policy';
import {
  lockNetwork,
  membership,
  requireAnotherOwner,
  requirePractitioner,
  requireVerified,
} from './network-member-rows';

/** Network roles (OWNER, MODERATOR, MEMBER), given by a network's owners or an admin, and logged. */
export class NetworkRoleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerService,
  ) {}

  /** A network owner (or a global admin) gives an active member a role; the last owner keeps theirs. */
  setRole(
    viewer: Viewer,
    networkId: string,
    practitionerId: string,
    role: NetworkRole,
  ): Promise<NetworkMemberEntity> {
    requireVerified(viewer, 'manage networks');
    return this.dataSource.transaction(async (manager) => {
      await lockNetwork(manager, networkId);
      const mine = await membership(manager, networkId, viewer.id);
      if (!canManageNetwork(viewer, mine))
        throw new ForbiddenError('Only an owner of the network or an admin assigns network roles.');
      const target = await membership(manager, networkId, practitionerId);
      if (target?.status !== MembershipStatus.ACTIVE) {
        await requirePractitioner(this.practitioners, manager, viewer, practitionerId);
        throw new ConflictError('Roles are given to active members only.');
      }
      if (target.role === role) return target;
      if (target.role === NetworkRole.OWNER) {
        await requireAnotherOwner(manager, networkId, 'The last owner cannot give up the OWNER role');
      }
      const from = target.role;
      target.role = role;
      const saved = await manager.getRepository(NetworkMemberEntity).save(target);
      // Network roles are moderation roles too: logged with the network in the details.
      await recordModerationDecision(manager, {
        actorId: viewer.id,
        action: ModerationLogAction.ROLE_CHANGED,
        burst: true,
        targetType: TargetType.PRACTITIONER,
        targetId: practitionerId,
        details: { network: toGlobalId('Network', networkId), from, to: role },
      });
      return saved;
    });
  }
}
