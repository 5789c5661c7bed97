import type { EntityManager } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import type { PractitionerService } from '../practitioner';
import { canViewPractitioner, canWriteContent } from '../practitioner';
import { NetworkEntity, NetworkMemberEntity } from './network.entity';
import { MembershipStatus, NetworkRole } from './network.enums';
import { canModerateNetwork } from './network.policy';

/*
 * What every network write shares: the network row lock, the membership rows and the member count kept
 * beside them, and the checks on who acts. Functions on the caller's transaction (`manager`).
 */

export function requireVerified(viewer: Viewer, what: string): void {
  if (!canWriteContent(viewer)) throw new ForbiddenError(`Only verified members ${what}.`);
}

/** Locks the network row: membership changes of one network run one at a time (counts and owners stay right). */
export async function lockNetwork(manager: EntityManager, id: string): Promise<NetworkEntity> {
  const network = await manager
    .getRepository(NetworkEntity)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!network) throw new NotFoundError('Network');
  return network;
}

export function membership(
  manager: EntityManager,
  networkId: string,
  practitionerId: string,
): Promise<NetworkMemberEntity | null> {
  return manager.getRepository(NetworkMemberEntity).findOneBy({ networkId, practitionerId });
}

export async function requireModerator(
  manager: EntityManager,
  viewer: Viewer,
  networkId: string,
): Promise<void> {
  const mine = await membership(manager, networkId, viewer.id);
  if (!canModerateNetwork(viewer, mine))
    throw new ForbiddenError('Only an owner or moderator of the network, or a moderator, may do this.');
}

/** The practitioner a moderation act names, if the viewer may see them; NOT_FOUND otherwise. */
export async function requirePractitioner(
  practitioners: PractitionerService,
  manager: EntityManager,
  viewer: Viewer,
  id: string,
) {
  const p = await practitioners.findById(id, manager);
  if (!p || !canViewPractitioner(viewer, p)) throw new NotFoundError('Practitioner');
  return p;
}

export async function requireAnotherOwner(
  manager: EntityManager,
  networkId: string,
  what: string,
): Promise<void> {
  const owners = await manager.getRepository(NetworkMemberEntity).countBy({
    networkId,
    role: NetworkRole.OWNER,
    status: MembershipStatus.ACTIVE,
  });
  if (owners <= 1) throw new ConflictError(`${what}: make another member OWNER first.`);
}

/** Makes (or keeps) a practitioner an active member, counting them once. The network row must be locked. */
export async function activate(
  manager: EntityManager,
  network: NetworkEntity,
  practitionerId: string,
  role: NetworkRole,
): Promise<NetworkMemberEntity> {
  const changed = await query(
    manager,
    sql`INSERT INTO network_member ("networkId", "practitionerId", "role", "status", "joinedAt")
        VALUES (${network.id}, ${practitionerId}, ${role}, 'ACTIVE', now())
        ON CONFLICT ("networkId", "practitionerId")
        DO UPDATE SET "status" = 'ACTIVE', "joinedAt" = now() WHERE network_member."status" <> 'ACTIVE'
        RETURNING "networkId"`,
  );
  if (changed.length) await count(manager, network, 1);
  return manager
    .getRepository(NetworkMemberEntity)
    .findOneByOrFail({ networkId: network.id, practitionerId });
}

/** Deletes a membership row (active, requested or invited), uncounting an active member. Network row locked. */
export async function removeMembership(
  manager: EntityManager,
  network: NetworkEntity,
  row: NetworkMemberEntity,
): Promise<void> {
  await manager.delete(NetworkMemberEntity, {
    networkId: row.networkId,
    practitionerId: row.practitionerId,
  });
  if (row.status === MembershipStatus.ACTIVE) await count(manager, network, -1);
}

async function count(manager: EntityManager, network: NetworkEntity, delta: number): Promise<void> {
  await query(
    manager,
    sql`UPDATE network SET "memberCount" = "memberCount" + ${delta} WHERE "id" = ${network.id}`,
  );
  network.memberCount += delta;
}
