import type { EntityManager } from 'typeorm';
import {
  activate as activateNetworkMember,
  JoinPolicy,
  NetworkEntity,
  NetworkKind,
  NetworkMemberEntity,
  NetworkRole,
  removeMembership,
} from '../network';
import type { CourseEntity } from './course.entity';

/**
 * Opens the cohort's discussion network when a course is published (course row locked): a WORKING_GROUP
 * named after the course, joined by invitation, owned by the course's author; its facilitators join it.
 */
export async function openCohortNetwork(
  manager: EntityManager,
  course: CourseEntity,
  facilitatorIds: readonly string[],
): Promise<void> {
  if (course.networkId) return;
  const repo = manager.getRepository(NetworkEntity);
  const network = await repo.save(
    repo.create({
      kind: NetworkKind.WORKING_GROUP,
      name: course.title.slice(0, 200),
      description: 'The discussion network of the course’s cohort: its facilitators and approved learners.',
      joinPolicy: JoinPolicy.INVITE,
      createdById: course.authorId,
      memberCount: 0,
    }),
  );
  course.networkId = network.id;
  await activateNetworkMember(manager, network, course.authorId, NetworkRole.OWNER);
  for (const id of facilitatorIds)
    if (id !== course.authorId) await activateNetworkMember(manager, network, id, NetworkRole.MODERATOR);
}

/** An approved learner joins the cohort's network (as an active MEMBER; the network row is locked). */
export async function joinCohortNetwork(
  manager: EntityManager,
  course: CourseEntity,
  practitionerId: string,
): Promise<void> {
  if (!course.networkId) return;
  const network = await manager
    .getRepository(NetworkEntity)
    .findOne({ where: { id: course.networkId }, lock: { mode: 'pessimistic_write' } });
  if (network) await activateNetworkMember(manager, network, practitionerId, NetworkRole.MEMBER);
}

/**
 * A learner who withdraws leaves the cohort's network (network row locked); only an active MEMBER row is
 * removed: the network's owner and moderators (its facilitators) keep their roles.
 */
export async function leaveCohortNetwork(
  manager: EntityManager,
  course: CourseEntity,
  practitionerId: string,
): Promise<void> {
  if (!course.networkId) return;
  const network = await manager
    .getRepository(NetworkEntity)
    .findOne({ where: { id: course.networkId }, lock: { mode: 'pessimistic_write' } });
  if (!network) return;
  const row = await manager.findOneBy(NetworkMemberEntity, { networkId: network.id, practitionerId });
  if (row && row.role === NetworkRole.MEMBER) await removeMembership(manager, network, row);
}
