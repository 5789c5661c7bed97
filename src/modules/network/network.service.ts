import { boundViewer, namedParams } from '../../common/auth/policy';
import { Brackets, In } from 'typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { VerificationStatus } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { decodeCursor, toPage } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import type { ReferenceCatalog } from '../reference/reference.catalog';
import { RegionLevel } from '../reference/reference.entity';
import type { PractitionerService } from '../practitioner/practitioner.service';
import { canViewPractitioner, canWriteContent, isAdmin } from '../practitioner/practitioner.policy';
import { NetworkCountryEntity, NetworkEntity, NetworkMemberEntity } from './network.entity';
import { JoinPolicy, MembershipStatus, NetworkKind, NetworkRole } from './network.enums';
import type { CreateWorkingGroupInput, NetworkFilter, UpdateNetworkInput } from './network.inputs';
import { canManageNetwork, canModerateNetwork, networkReadSql } from './network.policy';
import { NotificationType } from '../notification/notification.enums';
import type { NotificationEvent } from '../notification/notifier';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { toGlobalId } from '../../common/relay/global-id';
import { recordModerationDecision } from '../moderation/moderation-log';
import { ModerationLogAction, TargetType } from '../moderation/moderation.enums';
import type { IdempotencyService } from '../idempotency/idempotency.service';
import { comparableName, holdsAddress, referenceNames } from './network-names';

/**
 * Named regional groupings created at start-up. They mirror no M49 area, so no unique index can recognise
 * them again: each has a fixed id, which makes its creation idempotent (and survives renaming by admins).
 */
export const NAMED_GROUPINGS = [
  {
    id: '5a4e1000-0000-4000-8000-000000000001',
    name: 'Sahel',
    description:
      'Practitioners of the countries covered by the UN Integrated Strategy for the Sahel: Burkina Faso, ' +
      'Cameroon, Chad, the Gambia, Guinea, Mali, Mauritania, Niger, Nigeria and Senegal.',
    countryCodes: ['BF', 'CM', 'TD', 'GM', 'GN', 'ML', 'MR', 'NE', 'NG', 'SN'],
  },
] as const;

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

/** Networks, memberships and the reference networks (countries, M49 areas, the Sahel, thematic areas). */
export class NetworkService {
  /** Comparable names of the reference networks' subjects in every language (built on first use). */
  private reservedNames: Set<string> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly practitioners: PractitionerService,
    private readonly idempotency: IdempotencyService,
    /** Membership changes that tell someone record `notification.requested` in a unit of work. */
    private readonly uow: UnitOfWork,
  ) {}

  // ----- reference networks -------------------------------------------------------------------------------

  /**
   * Creates the reference networks that do not exist yet (run at every start-up): one COUNTRY network per
   * country, one REGIONAL network per M49 sub-region and intermediate region, the named groupings, one
   * THEMATIC network per thematic area. One SELECT when they all exist; otherwise a few bulk statements.
   * A country network created on an existing database receives the verified practitioners of its country.
   */
  async ensureReferenceNetworks(): Promise<{ created: number }> {
    const rows: Partial<NetworkEntity>[] = [];
    for (const c of this.catalog.countries.values()) {
      rows.push({
        kind: NetworkKind.COUNTRY,
        name: c.names.en,
        description: `Practitioners working in ${c.names.en}.`,
        countryCode: c.code,
        joinPolicy: JoinPolicy.OPEN,
      });
    }
    for (const r of this.catalog.regions.values()) {
      if (r.level !== RegionLevel.SUBREGION && r.level !== RegionLevel.INTERMEDIATE_REGION) continue;
      rows.push({
        kind: NetworkKind.REGIONAL,
        name: r.names.en,
        description: `Practitioners of the countries of ${r.names.en} (UN M49 area ${r.code}).`,
        regionCode: r.code,
        joinPolicy: JoinPolicy.OPEN,
      });
    }
    for (const t of this.catalog.thematicAreas.values()) {
      rows.push({
        kind: NetworkKind.THEMATIC,
        name: t.names.en,
        description: t.descriptions.en,
        thematicAreaCode: t.code,
        joinPolicy: JoinPolicy.OPEN,
      });
    }
    const existing: Pick<NetworkEntity, 'id' | 'countryCode' | 'regionCode' | 'thematicAreaCode'>[] =
      await this.dataSource.query(
        `SELECT "id", "countryCode", "regionCode", "thematicAreaCode" FROM network WHERE "kind" <> 'WORKING_GROUP'`,
      );
    const keyOf = (n: Partial<NetworkEntity>) =>
      `${n.countryCode ?? ''}|${n.regionCode ?? ''}|${n.thematicAreaCode ?? ''}`;
    const known = new Set(existing.map(keyOf));
    const missing = rows.filter((r) => !known.has(keyOf(r)));
    const ids = new Set(existing.map((n) => n.id));
    const groupings = NAMED_GROUPINGS.filter((g) => !ids.has(g.id));
    if (!missing.length && !groupings.length) return { created: 0 };

    return this.dataSource.transaction(async (manager) => {
      // ON CONFLICT DO NOTHING without a target skips rows caught by any of the partial unique indexes
      // (another instance starting at the same time may have created them meanwhile).
      const created: { id: string; kind: NetworkKind }[] = missing.length
        ? (
            await manager
              .createQueryBuilder()
              .insert()
              .into(NetworkEntity)
              .values(missing)
              .orIgnore()
              .returning(['id', 'kind'])
              .updateEntity(false)
              .execute()
          ).raw
        : [];
      let createdGroupings = 0;
      for (const g of groupings) {
        const made: unknown[] = await manager.query(
          `WITH ins AS (
             INSERT INTO network ("id", "kind", "name", "description", "joinPolicy")
             VALUES ($1, 'REGIONAL', $2, $3, 'OPEN') ON CONFLICT DO NOTHING RETURNING "id")
           INSERT INTO network_country ("networkId", "countryCode")
           SELECT ins."id", c FROM ins, unnest($4::text[]) AS c RETURNING "networkId"`,
          [g.id, g.name, g.description, g.countryCodes],
        );
        if (made.length) createdGroupings += 1;
      }
      const newCountryNetworks = created.filter((n) => n.kind === NetworkKind.COUNTRY).map((n) => n.id);
      if (newCountryNetworks.length) {
        // Only for networks created just now: a member who later leaves their country network stays out.
        await manager.query(
          `INSERT INTO network_member ("networkId", "practitionerId", "role", "status", "joinedAt")
           SELECT n."id", p."id", 'MEMBER', 'ACTIVE', now()
           FROM network n JOIN practitioner p ON p."countryCode" = n."countryCode" AND p."verification" = $2
           WHERE n."id" = ANY($1::uuid[])
           ON CONFLICT DO NOTHING`,
          [newCountryNetworks, VerificationStatus.VERIFIED],
        );
        await manager.query(
          `WITH counts AS (
             SELECT m."networkId", count(*)::int AS n FROM network_member m
             WHERE m."networkId" = ANY($1::uuid[]) AND m."status" = 'ACTIVE' GROUP BY m."networkId")
           UPDATE network SET "memberCount" = counts.n FROM counts WHERE network."id" = counts."networkId"`,
          [newCountryNetworks],
        );
      }
      return { created: created.length + createdGroupings };
    });
  }

  /** Adds a verified practitioner to their country's network (inside the caller's transaction). */
  async joinCountryNetwork(
    manager: EntityManager,
    practitionerId: string,
    countryCode: string,
  ): Promise<void> {
    const network = await manager.getRepository(NetworkEntity).findOne({
      where: { kind: NetworkKind.COUNTRY, countryCode },
      lock: { mode: 'pessimistic_write' },
    });
    if (network) await this.activate(manager, network, practitionerId, NetworkRole.MEMBER);
  }

  /** The member countries of a network: stored ones if any, else those of the M49 area it mirrors. */
  memberCountryCodes(network: NetworkEntity, stored: string[]): string[] {
    if (network.kind !== NetworkKind.REGIONAL) return [];
    if (stored.length || !network.regionCode) return stored;
    const code = network.regionCode;
    return [...this.catalog.countries.values()]
      .filter((c) => this.catalog.inRegion(c, code))
      .map((c) => c.code);
  }

  // ----- reading --------------------------------------------------------------------------------------------

  /** Whether a network exists (every network is visible to signed-in practitioners). */
  exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(NetworkEntity).existsBy({ id });
  }

  /** The network list, by name then id (keyset). */
  async list(
    viewer: Viewer,
    filter: NetworkFilter | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<NetworkEntity>> {
    const { params, bind } = namedParams();
    const qb = this.dataSource
      .getRepository(NetworkEntity)
      .createQueryBuilder('n')
      .where(networkReadSql(boundViewer(viewer, bind)), params);
    if (filter?.kinds?.length) qb.andWhere('n.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter?.countryCodes?.length) {
      const codes = [
        ...new Set(filter.countryCodes.map((c) => this.practitioners.checkCountry(c, 'filter.countryCodes'))),
      ];
      const regions = new Set<string>();
      for (const code of codes) {
        const c = this.catalog.country(code)!;
        if (c.subregionCode) regions.add(c.subregionCode);
        if (c.intermediateRegionCode) regions.add(c.intermediateRegionCode);
      }
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`n.kind = 'COUNTRY' AND n.countryCode IN (:...codes)`, { codes })
            .orWhere(
              `n.kind = 'REGIONAL' AND EXISTS (SELECT 1 FROM network_country nc
                 WHERE nc."networkId" = n.id AND nc."countryCode" IN (:...codes))`,
            )
            .orWhere(
              `n.kind = 'REGIONAL' AND n.regionCode IN (:...regions) AND NOT EXISTS (SELECT 1 FROM network_country nc
                 WHERE nc."networkId" = n.id)`,
              { regions: regions.size ? [...regions] : ['---'] },
            ),
        ),
      );
    }
    if (filter?.search) {
      const escaped = filter.search.replace(/[\\%_]/g, (m) => '\\' + m);
      qb.andWhere('n.name ILIKE :search', { search: `%${escaped}%` });
    }
    if (filter?.viewerMembershipStatus) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM network_member vm
           WHERE vm."networkId" = n.id AND vm."practitionerId" = :viewerId AND vm."status" = :viewerStatus)`,
        { viewerId: viewer.id, viewerStatus: filter.viewerMembershipStatus },
      );
    }
    if (after) {
      const [name, id] = decodeCursor(after, ['string', 'uuid']);
      qb.andWhere('(n.name, n.id) > (:cName, :cId)', { cName: name, cId: id });
    }
    const rows = await qb
      .orderBy('n.name', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .limit(first + 1)
      .getMany();
    return toPage(rows, first, (n) => [n.name, n.id]);
  }

  // ----- membership ------------------------------------------------------------------------------------------

  /** OPEN: member at once; REQUEST: a pending request; INVITE: accepts one's invitation. Joining twice is a no-op. */
  async join(viewer: Viewer, networkId: string): Promise<NetworkEntity> {
    this.requireVerified(viewer, 'join networks');
    return this.uow.run(async ({ manager, record }) => {
      const network = await this.lockNetwork(manager, networkId);
      const mine = await this.membership(manager, networkId, viewer.id);
      if (mine?.status === MembershipStatus.ACTIVE) return network;
      if (
        mine?.status === MembershipStatus.INVITED ||
        (mine?.status === MembershipStatus.REQUESTED && network.joinPolicy === JoinPolicy.OPEN)
      ) {
        await this.activate(manager, network, viewer.id, mine.role);
        return network;
      }
      if (mine?.status === MembershipStatus.REQUESTED) return network;
      switch (network.joinPolicy) {
        case JoinPolicy.OPEN:
          await this.activate(manager, network, viewer.id, NetworkRole.MEMBER);
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
      const network = await this.lockNetwork(manager, networkId);
      const mine = await this.membership(manager, networkId, viewer.id);
      if (!mine) return network;
      if (mine.status === MembershipStatus.ACTIVE && mine.role === NetworkRole.OWNER) {
        await this.requireAnotherOwner(manager, networkId, 'The last owner cannot leave');
      }
      await this.remove(manager, network, mine);
      return network;
    });
  }

  /** A network owner or moderator (or a global moderator) accepts a request; approving a member is a no-op. */
  approveRequest(viewer: Viewer, networkId: string, practitionerId: string): Promise<NetworkMemberEntity> {
    this.requireVerified(viewer, 'moderate networks');
    return this.dataSource.transaction(async (manager) => {
      const network = await this.lockNetwork(manager, networkId);
      await this.requireModerator(manager, viewer, networkId);
      const target = await this.membership(manager, networkId, practitionerId);
      if (target?.status === MembershipStatus.ACTIVE) return target;
      if (target?.status !== MembershipStatus.REQUESTED) {
        await this.requirePractitioner(manager, viewer, practitionerId);
        throw new ConflictError('This practitioner has not asked to join this network.');
      }
      return this.activate(manager, network, practitionerId, target.role);
    });
  }

  /** A network owner or moderator (or a global moderator) turns a request down. */
  declineRequest(viewer: Viewer, networkId: string, practitionerId: string): Promise<NetworkEntity> {
    this.requireVerified(viewer, 'moderate networks');
    return this.dataSource.transaction(async (manager) => {
      const network = await this.lockNetwork(manager, networkId);
      await this.requireModerator(manager, viewer, networkId);
      const target = await this.membership(manager, networkId, practitionerId);
      if (target?.status !== MembershipStatus.REQUESTED) {
        await this.requirePractitioner(manager, viewer, practitionerId);
        throw new ConflictError('This practitioner has no pending request to join this network.');
      }
      await this.remove(manager, network, target);
      return network;
    });
  }

  /**
   * A network owner or moderator (or a global moderator) invites a verified practitioner; inviting someone
   * who asked to join admits them. Inviting again is a no-op.
   */
  async invite(viewer: Viewer, networkId: string, practitionerId: string): Promise<NetworkMemberEntity> {
    this.requireVerified(viewer, 'invite to networks');
    if (practitionerId === viewer.id) {
      throw new BadUserInputError('You cannot invite yourself.', [
        { field: 'practitionerId', message: 'must be someone else' },
      ]);
    }
    return this.uow.run(async ({ manager, record }) => {
      const network = await this.lockNetwork(manager, networkId);
      await this.requireModerator(manager, viewer, networkId);
      const invitee = await this.requirePractitioner(manager, viewer, practitionerId);
      if (invitee.verification !== VerificationStatus.VERIFIED) {
        throw new ConflictError('Only verified practitioners can be invited.');
      }
      const existing = await this.membership(manager, networkId, practitionerId);
      if (existing?.status === MembershipStatus.ACTIVE)
        throw new ConflictError('This practitioner is already a member.');
      if (existing?.status === MembershipStatus.INVITED) return existing;
      if (existing?.status === MembershipStatus.REQUESTED)
        return this.activate(manager, network, practitionerId, existing.role);
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
      const network = await this.lockNetwork(manager, networkId);
      const mine = await this.membership(manager, networkId, viewer.id);
      if (mine?.status !== MembershipStatus.INVITED)
        throw new ConflictError('You have no pending invitation to this network.');
      await this.remove(manager, network, mine);
      return network;
    });
  }

  /**
   * A network owner or moderator (or a global moderator) removes a member or withdraws an invitation.
   * Only owners and admins remove owners and network moderators; the last owner stays; oneself leaves instead.
   */
  removeMember(viewer: Viewer, networkId: string, practitionerId: string): Promise<NetworkEntity> {
    this.requireVerified(viewer, 'moderate networks');
    if (practitionerId === viewer.id) {
      throw new BadUserInputError('Use leaveNetwork to leave a network yourself.', [
        { field: 'practitionerId', message: 'must be someone else' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const network = await this.lockNetwork(manager, networkId);
      await this.requireModerator(manager, viewer, networkId);
      const target = await this.membership(manager, networkId, practitionerId);
      if (target?.status !== MembershipStatus.ACTIVE && target?.status !== MembershipStatus.INVITED) {
        await this.requirePractitioner(manager, viewer, practitionerId);
        throw new ConflictError('This practitioner is neither a member of this network nor invited to it.');
      }
      if (target.status === MembershipStatus.ACTIVE && target.role !== NetworkRole.MEMBER) {
        const mine = await this.membership(manager, networkId, viewer.id);
        if (!canManageNetwork(viewer, mine))
          throw new ForbiddenError(
            'Only an owner of the network or an admin removes its owners and moderators.',
          );
        if (target.role === NetworkRole.OWNER)
          await this.requireAnotherOwner(manager, networkId, 'The last owner cannot be removed');
      }
      await this.remove(manager, network, target);
      return network;
    });
  }

  /** A network owner (or a global admin) gives an active member a role; the last owner keeps theirs. */
  setRole(
    viewer: Viewer,
    networkId: string,
    practitionerId: string,
    role: NetworkRole,
  ): Promise<NetworkMemberEntity> {
    this.requireVerified(viewer, 'manage networks');
    return this.dataSource.transaction(async (manager) => {
      await this.lockNetwork(manager, networkId);
      const mine = await this.membership(manager, networkId, viewer.id);
      if (!canManageNetwork(viewer, mine))
        throw new ForbiddenError('Only an owner of the network or an admin assigns network roles.');
      const target = await this.membership(manager, networkId, practitionerId);
      if (target?.status !== MembershipStatus.ACTIVE) {
        await this.requirePractitioner(manager, viewer, practitionerId);
        throw new ConflictError('Roles are given to active members only.');
      }
      if (target.role === role) return target;
      if (target.role === NetworkRole.OWNER) {
        await this.requireAnotherOwner(manager, networkId, 'The last owner cannot give up the OWNER role');
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

  // ----- networks themselves ---------------------------------------------------------------------------------

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
    this.requireVerified(viewer, 'create working groups');
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
      await this.activate(manager, network, viewer.id, NetworkRole.OWNER);
      return network;
    });
    return result;
  }

  /** An owner (or a global admin) renames a network, changes its description or join policy. */
  update(viewer: Viewer, networkId: string, input: UpdateNetworkInput): Promise<NetworkEntity> {
    this.requireVerified(viewer, 'edit networks');
    const problems = (['name', 'joinPolicy'] as const)
      .filter((f) => input[f] === null)
      .map((field) => ({ field, message: 'cannot be null' }));
    if (problems.length) throw new BadUserInputError(`${problems[0].field} cannot be null.`, problems);
    const name = input.name?.trim();
    if (name !== undefined) checkLength(name, 1, MAX_NAME, 'name');
    const description = input.description === undefined ? undefined : input.description?.trim() || null;
    if (description) checkLength(description, 0, MAX_DESCRIPTION, 'description');
    return this.dataSource.transaction(async (manager) => {
      const network = await this.lockNetwork(manager, networkId);
      const mine = await this.membership(manager, networkId, viewer.id);
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

  /** Admins set which countries a REGIONAL network includes (replacing the M49 list or the stored one). */
  setCountries(viewer: Viewer, networkId: string, countryCodes: string[]): Promise<NetworkEntity> {
    if (!isAdmin(viewer)) throw new ForbiddenError('Only admins edit the countries of regional networks.');
    if (!countryCodes.length) {
      throw new BadUserInputError('A regional network needs at least one country.', [
        { field: 'countryCodes', message: 'must not be empty' },
      ]);
    }
    if (countryCodes.length > 300) {
      throw new BadUserInputError('Too many countries.', [
        { field: 'countryCodes', message: 'must hold at most 300 codes' },
      ]);
    }
    const unknown = countryCodes.filter((c) => typeof c !== 'string' || !this.catalog.country(c.trim()));
    if (unknown.length) {
      throw new BadUserInputError(`Unknown country codes: ${unknown.join(', ')}.`, [
        { field: 'countryCodes', message: `unknown ISO 3166-1 alpha-2 codes ${unknown.join(', ')}` },
      ]);
    }
    const codes = [...new Set(countryCodes.map((c) => c.trim().toUpperCase()))].sort();
    return this.dataSource.transaction(async (manager) => {
      const network = await this.lockNetwork(manager, networkId);
      if (network.kind !== NetworkKind.REGIONAL)
        throw new ConflictError('Only REGIONAL networks have member countries.');
      await manager.delete(NetworkCountryEntity, { networkId });
      await manager.insert(
        NetworkCountryEntity,
        codes.map((countryCode) => ({ networkId, countryCode })),
      );
      return network;
    });
  }

  // ----- helpers ------------------------------------------------------------------------------------------------

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
      const current: { name: string }[] = await manager.query(
        `SELECT "name" FROM network WHERE "kind" <> 'WORKING_GROUP'`,
      );
      reserved = current.some((n) => comparableName(n.name) === wanted);
    }
    if (reserved) {
      throw new BadUserInputError(`“${name}” is the name of a reference network; choose another.`, [
        { field: 'name', message: 'must not be the name of a country, region or thematic area network' },
      ]);
    }
  }

  private requireVerified(viewer: Viewer, what: string): void {
    if (!canWriteContent(viewer)) throw new ForbiddenError(`Only verified members ${what}.`);
  }

  /** Locks the network row: membership changes of one network run one at a time (counts and owners stay right). */
  private async lockNetwork(manager: EntityManager, id: string): Promise<NetworkEntity> {
    const network = await manager
      .getRepository(NetworkEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!network) throw new NotFoundError('Network');
    return network;
  }

  private membership(
    manager: EntityManager,
    networkId: string,
    practitionerId: string,
  ): Promise<NetworkMemberEntity | null> {
    return manager.getRepository(NetworkMemberEntity).findOneBy({ networkId, practitionerId });
  }

  private async requireModerator(manager: EntityManager, viewer: Viewer, networkId: string): Promise<void> {
    const mine = await this.membership(manager, networkId, viewer.id);
    if (!canModerateNetwork(viewer, mine))
      throw new ForbiddenError('Only an owner or moderator of the network, or a moderator, may do this.');
  }

  private async requirePractitioner(manager: EntityManager, viewer: Viewer, id: string) {
    const p = await this.practitioners.findById(id, manager);
    if (!p || !canViewPractitioner(viewer, p)) throw new NotFoundError('Practitioner');
    return p;
  }

  private async requireAnotherOwner(manager: EntityManager, networkId: string, what: string): Promise<void> {
    const owners = await manager.getRepository(NetworkMemberEntity).countBy({
      networkId,
      role: NetworkRole.OWNER,
      status: MembershipStatus.ACTIVE,
    });
    if (owners <= 1) throw new ConflictError(`${what}: make another member OWNER first.`);
  }

  /** Makes (or keeps) a practitioner an active member, counting them once. The network row must be locked. */
  private async activate(
    manager: EntityManager,
    network: NetworkEntity,
    practitionerId: string,
    role: NetworkRole,
  ): Promise<NetworkMemberEntity> {
    const changed: unknown[] = await manager.query(
      `INSERT INTO network_member ("networkId", "practitionerId", "role", "status", "joinedAt")
       VALUES ($1, $2, $3, 'ACTIVE', now())
       ON CONFLICT ("networkId", "practitionerId")
       DO UPDATE SET "status" = 'ACTIVE', "joinedAt" = now() WHERE network_member."status" <> 'ACTIVE'
       RETURNING "networkId"`,
      [network.id, practitionerId, role],
    );
    if (changed.length) await this.count(manager, network, 1);
    return manager
      .getRepository(NetworkMemberEntity)
      .findOneByOrFail({ networkId: network.id, practitionerId });
  }

  private async remove(
    manager: EntityManager,
    network: NetworkEntity,
    row: NetworkMemberEntity,
  ): Promise<void> {
    await manager.delete(NetworkMemberEntity, {
      networkId: row.networkId,
      practitionerId: row.practitionerId,
    });
    if (row.status === MembershipStatus.ACTIVE) await this.count(manager, network, -1);
  }

  private async count(manager: EntityManager, network: NetworkEntity, delta: number): Promise<void> {
    await manager.query(`UPDATE network SET "memberCount" = "memberCount" + $2 WHERE "id" = $1`, [
      network.id,
      delta,
    ]);
    network.memberCount += delta;
  }
}
