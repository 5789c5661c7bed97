import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { query, raw, sql } from '../../common/db/sql';
import { byParent, groupBy, isoMicros, lateralPagesSql } from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { Keyset, keysetLoader } from '../../common/relay/keyset';
import type { Page } from '../../common/relay/pagination';
import { visiblePractitioners } from '../practitioner';
import { NetworkCountryEntity, NetworkEntity, NetworkMemberEntity } from './network.entity';
import { MembershipStatus } from './network.enums';

/** A membership row of a members page, with its keyset cursor values. */
export type MemberRow = NetworkMemberEntity & { cursorAt: string };

/** A network of a practitioner's networks page: its id and keyset values (name, id). */
export interface PractitionerNetworkRow {
  networkId: string;
  name: string;
}

export interface NetworkLoaders {
  /** Network rows by id, one query per batch; null when absent. */
  byId: DataLoader<string, NetworkEntity | null>;
  /** Membership rows (any status) by `networkId:practitionerId`; null when absent. */
  membership: DataLoader<string, NetworkMemberEntity | null>;
  /** The viewer's membership row (any status) of each network; null when none or anonymous. */
  viewerMembership: DataLoader<string, NetworkMemberEntity | null>;
  /** The stored member countries (network_country) of each network; empty when none are stored. */
  countryCodes: DataLoader<string, string[]>;
  /** `members` pages: memberships of one status, oldest first, of several networks in one query. */
  members(status: MembershipStatus): DataLoader<PageRequest, Page<MemberRow>, string>;
  /** `Practitioner.networks` pages: the networks a practitioner is an active member of, by name. */
  practitionerNetworks: DataLoader<PageRequest, Page<PractitionerNetworkRow>, string>;
}

declare module '../../common/context' {
  interface Loaders {
    network: NetworkLoaders;
  }
}

/** Members pages: oldest membership first. */
const MEMBERS_ORDER = new Keyset<MemberRow>(
  [
    { column: 'm."createdAt"', kind: 'timestamp', as: 'createdAt' },
    { column: 'm."practitionerId"', kind: 'uuid', as: 'practitionerId' },
  ],
  'ASC',
  (m) => [m.cursorAt, m.practitionerId],
);

/** A practitioner's networks: by name. */
const PRACTITIONER_NETWORKS_ORDER = new Keyset<PractitionerNetworkRow>(
  [
    { column: 'n."name"', kind: 'string', as: 'name' },
    { column: 'n."id"', kind: 'uuid', as: 'networkId' },
  ],
  'ASC',
  (r) => [r.name, r.networkId],
);

export function createNetworkLoaders(dataSource: DataSource, viewer: Viewer | null = null): NetworkLoaders {
  const repo = dataSource.getRepository(NetworkEntity);
  const viewerId = viewer?.id ?? null;

  const membersByStatus = new Map<MembershipStatus, DataLoader<PageRequest, Page<MemberRow>, string>>();
  const membersOf = (status: MembershipStatus) => {
    let loader = membersByStatus.get(status);
    if (!loader) {
      loader = keysetLoader(MEMBERS_ORDER, async (networkIds, w) => {
        const inner = sql`SELECT m.*, ${raw(isoMicros('m."createdAt"'))} AS "cursorAt"
            FROM network_member m JOIN practitioner p ON p.id = m."practitionerId"
            WHERE m."networkId" = parent.id AND m."status" = ${status}
              AND ${visiblePractitioners(viewer, 'p')} ${w.andAfter}
            ORDER BY ${w.orderBy} ${w.limit}`;
        return byParent<MemberRow>(
          await query(dataSource, lateralPagesSql(inner, networkIds, w.outerOrderBy)),
        );
      });
      membersByStatus.set(status, loader);
    }
    return loader;
  };

  return {
    byId: new DataLoader(async (ids) => {
      const rows = await repo.findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),

    membership: new DataLoader(async (keys) => {
      const rows = await dataSource.getRepository(NetworkMemberEntity).find({
        where: keys.map((k) => {
          const [networkId, practitionerId] = k.split(':');
          return { networkId, practitionerId };
        }),
      });
      const map = new Map(rows.map((r) => [`${r.networkId}:${r.practitionerId}`, r]));
      return keys.map((k) => map.get(k) ?? null);
    }),

    viewerMembership: new DataLoader(async (networkIds) => {
      if (!viewerId) return networkIds.map(() => null);
      const rows = await dataSource
        .getRepository(NetworkMemberEntity)
        .findBy({ practitionerId: viewerId, networkId: In([...networkIds]) });
      const map = new Map(rows.map((r) => [r.networkId, r]));
      return networkIds.map((id) => map.get(id) ?? null);
    }),

    countryCodes: new DataLoader(async (networkIds) => {
      const rows = await dataSource
        .getRepository(NetworkCountryEntity)
        .find({ where: { networkId: In([...networkIds]) }, order: { countryCode: 'ASC' } });
      const map = groupBy(rows, (r) => r.networkId);
      return networkIds.map((id) => (map.get(id) ?? []).map((r) => r.countryCode));
    }),

    members: membersOf,

    practitionerNetworks: keysetLoader(PRACTITIONER_NETWORKS_ORDER, async (practitionerIds, w) => {
      const inner = sql`SELECT n."id" AS "networkId", n."name"
          FROM network_member m JOIN network n ON n.id = m."networkId"
          WHERE m."practitionerId" = parent.id AND m."status" = ${MembershipStatus.ACTIVE} ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`;
      return byParent<PractitionerNetworkRow>(
        await query(dataSource, lateralPagesSql(inner, practitionerIds, w.outerOrderBy)),
      );
    }),
  };
}
