import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { canViewPractitioner } from '../practitioner';
import type { PractitionerService } from '../practitioner';
import type { NetworkQueryService } from '../network';
import { NetworkFollowEntity, PractitionerFollowEntity } from './follow.entity';
import { canFollow } from './follow.policy';
import { isBlockedBetween } from '../block';

/** What can be followed. */
export type FollowTarget = { kind: 'practitioner'; id: string } | { kind: 'network'; id: string };

/** Following practitioners and networks (their published posts reach the follower's feed). */
export class FollowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerService,
    private readonly networks: NetworkQueryService,
  ) {}

  /** Follows a practitioner or a network; following again is a no-op. */
  async follow(viewer: Viewer, target: FollowTarget): Promise<true> {
    if (!canFollow(viewer)) throw new ForbiddenError('Only verified members follow others.');
    this.refuseSelf(viewer, target);
    await this.requireTarget(viewer, target);
    if (
      target.kind === 'practitioner' &&
      (await isBlockedBetween(this.dataSource.manager, viewer.id, target.id))
    )
      throw new ForbiddenError('You cannot follow this practitioner: one of you blocked the other.');
    // ON CONFLICT DO NOTHING: concurrent or repeated follows end in one row.
    if (target.kind === 'practitioner') {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(PractitionerFollowEntity)
        .values({ followerId: viewer.id, followeeId: target.id })
        .orIgnore()
        .updateEntity(false)
        .execute();
    } else {
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(NetworkFollowEntity)
        .values({ followerId: viewer.id, networkId: target.id })
        .orIgnore()
        .updateEntity(false)
        .execute();
    }
    return true;
  }

  /** Stops following; a no-op when one did not follow (any signed-in member may clean up). */
  async unfollow(viewer: Viewer, target: FollowTarget): Promise<true> {
    this.refuseSelf(viewer, target);
    const result =
      target.kind === 'practitioner'
        ? await this.dataSource.manager.delete(PractitionerFollowEntity, {
            followerId: viewer.id,
            followeeId: target.id,
          })
        : await this.dataSource.manager.delete(NetworkFollowEntity, {
            followerId: viewer.id,
            networkId: target.id,
          });
    if (!result.affected) await this.requireTarget(viewer, target);
    return true;
  }

  private refuseSelf(viewer: Viewer, target: FollowTarget): void {
    if (target.kind === 'practitioner' && target.id === viewer.id) {
      throw new BadUserInputError('You cannot follow yourself.', [
        { field: 'targetId', message: 'must be someone else' },
      ]);
    }
  }

  private async requireTarget(viewer: Viewer, target: FollowTarget): Promise<void> {
    if (target.kind === 'practitioner') {
      const p = await this.practitioners.findById(target.id);
      if (!p || !canViewPractitioner(viewer, p)) throw new NotFoundError('Practitioner');
    } else if (!(await this.networks.exists(target.id))) {
      throw new NotFoundError('Network');
    }
  }
}
