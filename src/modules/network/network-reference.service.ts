import type { DataSource, EntityManager } from 'typeorm';
import { query, sql } from '../../common/db/sql';
import { VerificationStatus } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors/errors';
import type { ReferenceCatalog } from '../reference';
import { RegionLevel } from '../reference';
import { isAdmin } from '../practitioner';
import { NetworkCountryEntity, NetworkEntity } from './network.entity';
import { JoinPolicy, NetworkKind, NetworkRole } from './network.enums';
import { activate, lockNetwork } from './network-member-rows';

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

/**
 * The reference networks (countries, M49 areas, the named groupings, thematic areas): their creation at
 * start-up, country networks joined on verification, and the member countries of REGIONAL networks.
 */
export class ReferenceNetworkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
  ) {}

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
    const existing = await query<
      Pick<NetworkEntity, 'id' | 'countryCode' | 'regionCode' | 'thematicAreaCode'>
    >(
      this.dataSource,
      sql`SELECT "id", "countryCode", "regionCode", "thematicAreaCode" FROM network WHERE "kind" <> 'WORKING_GROUP'`,
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
        const made = await query(
          manager,
          sql`WITH ins AS (
                INSERT INTO network ("id", "kind", "name", "description", "joinPolicy")
                VALUES (${g.id}, 'REGIONAL', ${g.name}, ${g.description}, 'OPEN') ON CONFLICT DO NOTHING RETURNING "id")
              INSERT INTO network_country ("networkId", "countryCode")
              SELECT ins."id", c FROM ins, unnest(${g.countryCodes}::text[]) AS c RETURNING "networkId"`,
        );
        if (made.length) createdGroupings += 1;
      }
      const newCountryNetworks = created.filter((n) => n.kind === NetworkKind.COUNTRY).map((n) => n.id);
      if (newCountryNetworks.length) {
        // Only for networks created just now: a member who later leaves their country network stays out.
        await query(
          manager,
          sql`INSERT INTO network_member ("networkId", "practitionerId", "role", "status", "joinedAt")
              SELECT n."id", p."id", 'MEMBER', 'ACTIVE', now()
              FROM network n JOIN practitioner p ON p."countryCode" = n."countryCode" AND p."verification" = ${VerificationStatus.VERIFIED}
                AND p."deletedAt" IS NULL
              WHERE n."id" = ANY(${newCountryNetworks}::uuid[])
              ON CONFLICT DO NOTHING`,
        );
        await query(
          manager,
          sql`WITH counts AS (
                SELECT m."networkId", count(*)::int AS n FROM network_member m
                WHERE m."networkId" = ANY(${newCountryNetworks}::uuid[]) AND m."status" = 'ACTIVE' GROUP BY m."networkId")
              UPDATE network SET "memberCount" = counts.n FROM counts WHERE network."id" = counts."networkId"`,
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
    if (network) await activate(manager, network, practitionerId, NetworkRole.MEMBER);
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
      const network = await lockNetwork(manager, networkId);
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
}
