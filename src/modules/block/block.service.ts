import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, NotFoundError } from '../../common/errors/errors';
import { canViewPractitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import type { PractitionerService } from '../practitioner';
import type { NetworkQueryService } from '../network';
import { NetworkMuteEntity, PractitionerBlockEntity, PractitionerMuteEntity } from './block.entity';
import { isBlockedBetween } from './block-rows';
import { query, sql } from '../../common/db/sql';
import type { EntityManager } from 'typeorm';

export { isBlockedBetween } from './block-rows';

/**
 * What another module does, in the blocking transaction, about the relationships a block ends (contacts,
 * follows). Registered by those modules' manifests: they depend on this one (they check blocks), not the
 * reverse.
 */
export interface BlockReaction {
  /** Before the block row is written: take the locks the reaction's own operations take for this pair. */
  lock?(manager: EntityManager, blockerId: string, blockedId: string): Promise<void>;
  /** After it is written: end what the block ends between the two. */
  ended(manager: EntityManager, blockerId: string, blockedId: string): Promise<void>;
}

/**
 * Blocking (both ways: no posts, comments, follows or contacts between the two) and muting (one way: out of
 * the muter's feeds and notifications only).
 */
export class BlockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly practitioners: PractitionerService,
    private readonly networks: NetworkQueryService,
  ) {}

  private readonly reactions: BlockReaction[] = [];

  /** Adds a reaction to blocks (in registration order), at start-up. */
  addReaction(reaction: BlockReaction): void {
    this.reactions.push(reaction);
  }

  /** Whether either of the two blocked the other (one query). */
  isBlockedBetween(a: string, b: string): Promise<boolean> {
    return isBlockedBetween(this.dataSource.manager, a, b);
  }

  private async requireOther(viewer: Viewer, id: string): Promise<PractitionerEntity> {
    if (id === viewer.id)
      throw new BadUserInputError('You cannot do this to yourself.', [
        { field: 'practitionerId', message: 'must be someone else' },
      ]);
    const p = await this.practitioners.findById(id);
    if (!p || !canViewPractitioner(viewer, p)) throw new NotFoundError('Practitioner');
    return p;
  }

  /**
   * Blocks a practitioner: ends follows and contacts between the two and withdraws pending contact
   * requests, in one transaction. Blocking again is a no-op.
   */
  async block(viewer: Viewer, id: string): Promise<PractitionerEntity> {
    const target = await this.requireOther(viewer, id);
    await this.dataSource.transaction(async (manager) => {
      // E.g. the contact module's lock of this pair: a crossing contact request waits for the block.
      for (const r of this.reactions) await r.lock?.(manager, viewer.id, id);
      await manager
        .createQueryBuilder()
        .insert()
        .into(PractitionerBlockEntity)
        .values({ blockerId: viewer.id, blockedId: id })
        .orIgnore()
        .updateEntity(false)
        .execute();
      for (const r of this.reactions) await r.ended(manager, viewer.id, id);
    });
    return target;
  }

  /** Lifts one's block (follows and contacts that ended stay ended). A no-op when there is none. */
  async unblock(viewer: Viewer, id: string): Promise<PractitionerEntity> {
    const target = await this.requireOther(viewer, id);
    await this.dataSource
      .getRepository(PractitionerBlockEntity)
      .delete({ blockerId: viewer.id, blockedId: id });
    return target;
  }

  async mutePractitioner(viewer: Viewer, id: string, mute: boolean): Promise<PractitionerEntity> {
    const target = await this.requireOther(viewer, id);
    if (mute)
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(PractitionerMuteEntity)
        .values({ muterId: viewer.id, mutedId: id })
        .orIgnore()
        .updateEntity(false)
        .execute();
    else
      await this.dataSource.getRepository(PractitionerMuteEntity).delete({ muterId: viewer.id, mutedId: id });
    return target;
  }

  async muteNetwork(viewer: Viewer, networkId: string, mute: boolean): Promise<void> {
    if (!(await this.networks.exists(networkId))) throw new NotFoundError('Network');
    if (mute)
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(NetworkMuteEntity)
        .values({ muterId: viewer.id, networkId })
        .orIgnore()
        .updateEntity(false)
        .execute();
    else await this.dataSource.getRepository(NetworkMuteEntity).delete({ muterId: viewer.id, networkId });
  }

  /** Of `ids`, those the viewer blocked, and those the viewer muted (for the Practitioner fields). */
  async relationsOf(
    viewerId: string,
    ids: readonly string[],
  ): Promise<{ blocked: Set<string>; muted: Set<string> }> {
    const rows = await query<{ id: string; kind: string }>(
      this.dataSource,
      sql`SELECT "blockedId" AS id, 'block' AS kind FROM practitioner_block
          WHERE "blockerId" = ${viewerId} AND "blockedId" = ANY(${[...ids]}::uuid[])
          UNION ALL SELECT "mutedId", 'mute' FROM practitioner_mute
          WHERE "muterId" = ${viewerId} AND "mutedId" = ANY(${[...ids]}::uuid[])`,
    );
    return {
      blocked: new Set(rows.filter((r) => r.kind === 'block').map((r) => r.id)),
      muted: new Set(rows.filter((r) => r.kind === 'mute').map((r) => r.id)),
    };
  }

  async mutedNetworks(viewerId: string, ids: readonly string[]): Promise<Set<string>> {
    const rows = await query<{ id: string }>(
      this.dataSource,
      sql`SELECT "networkId" AS id FROM network_mute WHERE "muterId" = ${viewerId} AND "networkId" = ANY(${[...ids]}::uuid[])`,
    );
    return new Set(rows.map((r) => r.id));
  }
}
