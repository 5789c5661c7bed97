import type { DataSource, EntityManager } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ForbiddenError } from '../../common/errors/errors';
import type { ReferenceCatalog } from '../reference';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { NetworkEntity } from './network.entity';
import { JoinPolicy, NetworkKind, NetworkRole } from './network.enums';
import type { CreateWorkingGroupInput, UpdateNetworkInput } from './network.inputs';
import { canManageNetwork } from './network.policy';
import { comparableName, holdsAddress, referenceNames } from './network-names';
import { NAMED_GROUPINGS } from './network-reference.service';
import { activate, lockNetwork, membership, requireVerified } from './network-member-rows';

const MAX_NAME = 200;
const MAX_DESCRIPTION = 4000;

/** Length in code points, as PostgreSQL's char_length counts it (class-validator counts differently). */
function checkLength(value: string, min: number, max: number, field: string): void {
  const length = [...value].length;
  if (length < min || length > max) {
    const message =
      min > 0 ? `must be ${min} to ${max} characters long` : `must be at most ${max} characters long`;
    throw new BadUserInputError(`${field} ${message}.`, [{ field, message }]);
  }
}

/** Working groups created by members, and the name, description and join policy of any network. */
export class NetworkEditingService {
  /** Comparable names of the reference networks' subjects in every language (built on first use). */
  private reservedNames: Set<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * A verified practitioner creates a working group and becomes its owner. With an idempotency key, a retry
   * returns the group the first request created and writes nothing.
   */
  async createWorkingGroup(
    viewer: Viewer,
    input: CreateWorkingGroupInput,
    idempotencyKey?: string | null,
  ): Promise<NetworkEntity> {
    const load = (id: string) => this.dataSource.getRepository(NetworkEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(viewer.id, 'createWorkingGroup', idempotencyKey, input, load);
    if (create.earlier) return create.earlier;
    requireVerified(viewer, 'create working groups');
    const name = input.name.trim();
    checkLength(name, 1, MAX_NAME, 'name');
    const description = input.description?.trim() || null;
    if (description) checkLength(description, 0, MAX_DESCRIPTION, 'description');
    await this.checkWorkingGroupName(this.dataSource.manager, name);
    const { result } = await create.run(async (manager) => {
      const repo = manager.getRepository(NetworkEntity);
      const network = await repo.save(
        repo.create({
          kind: NetworkKind.WORKING_GROUP,
          name,
          description,
          joinPolicy: input.joinPolicy ?? JoinPolicy.REQUEST,
          createdById: viewer.id,
          memberCount: 0,
        }),
      );
      await activate(manager, network, viewer.id, NetworkRole.OWNER);
      return network;
    });
    return result;
  }

  /** An owner (or a global admin) renames a network, changes its description or join policy. */
  update(viewer: Viewer, networkId: string, input: Omit<UpdateNetworkInput, 'id'>): Promise<NetworkEntity> {
    requireVerified(viewer, 'edit networks');
    const problems = (['name', 'joinPolicy'] as const)
      .filter((f) => input[f] === null)
      .map((field) => ({ field, message: 'cannot be null' }));
    if (problems.length) throw new BadUserInputError(`${problems[0].field} cannot be null.`, problems);
    const name = input.name?.trim();
    if (name !== undefined) checkLength(name, 1, MAX_NAME, 'name');
    const description = input.description === undefined ? undefined : input.description?.trim() || null;
    if (description) checkLength(description, 0, MAX_DESCRIPTION, 'description');
    return this.dataSource.transaction(async (manager) => {
      const network = await lockNetwork(manager, networkId);
      const mine = await membership(manager, networkId, viewer.id);
      if (!canManageNetwork(viewer, mine))
        throw new ForbiddenError('Only an owner of the network or an admin edits it.');
      if (name !== undefined && network.kind === NetworkKind.WORKING_GROUP && name !== network.name)
        await this.checkWorkingGroupName(manager, name);
      if (name !== undefined) network.name = name;
      if (description !== undefined) network.description = description;
      if (input.joinPolicy) network.joinPolicy = input.joinPolicy;
      return manager.getRepository(NetworkEntity).save(network);
    });
  }

  /**
   * A working group's name may not pass for a reference network (a country, an M49 area, a named grouping,
   * a thematic area, in any language the catalogue holds, or the current name of a reference network),
   * compared without case, accents, spaces or punctuation; nor hold a web or e-mail address (names are
   * plain labels; links belong in the description).
   */
  private async checkWorkingGroupName(manager: EntityManager, name: string): Promise<void> {
    if (holdsAddress(name)) {
      throw new BadUserInputError('A working group’s name cannot hold a web or e-mail address.', [
        { field: 'name', message: 'must not hold a web or e-mail address (put links in the description)' },
      ]);
    }
    this.reservedNames ??= referenceNames(
      this.catalog,
      NAMED_GROUPINGS.map((g) => g.name),
    );
    const wanted = comparableName(name);
    let reserved = this.reservedNames.has(wanted);
    if (!reserved) {
      const current = await query<{ name: string }>(
        manager,
        sql`SELECT "name" FROM network WHERE "kind" <> 'WORKING_GROUP'`,
      );
      reserved = current.some((n) => comparableName(n.name) === wanted);
    }
    if (reserved) {
      throw new BadUserInputError(`“${name}” is the name of a reference network; choose another.`, [
        { field: 'name', message: 'must not be the name of a country, region or thematic area network' },
      ]);
    }
  }
}
