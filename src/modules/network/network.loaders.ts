import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import {
  byParent,
  connectionLoader,
  groupBy,
  isoMicros,
  lateralPages,
  sqlParams,
} from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import type { Page } from '../../common/relay/pagination';
import { decodeCursor } from '../../common/relay/pagination';
import { visiblePractitionerSql } from '../practitioner/practitioner.policy';
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

export function createNetworkLoaders(dataSource: DataSource, viewer: Viewer | null = null): NetworkLoaders {
  const repo = dataSource.getRepository(NetworkEntity);
  const viewerId = viewer?.id ?? null;

  const membersByStatus = new Map<MembershipStatus, DataLoader<PageRequest, Page<MemberRow>, string>>();
  const membersOf = (status: MembershipStatus) => {
    let loader = membersByStatus.get(status);
    if (!loader) {
      loader = connectionLoader<MemberRow>(
        async (networkIds, first, after) => {
          const { params, bind } = sqlParams();
          const ids = bind(networkIds);
          let keyset = '';
          if (after) {
            const [at, id] = decodeCursor(after, ['timestamp', 'uuid']);
            keyset = `AND (m."createdAt", m."practitionerId") > (${bind(at)}::timestamptz, ${bind(id)}::uuid)`;
          }
          const inner = `SELECT m.*, ${isoMicros('m."createdAt"')} AS "cursorAt"
            FROM network_member m JOIN practitioner p ON p.id = m."practitionerId"
            WHERE m."networkId" = parent.id AND m."status" = ${bind(status)}
              AND ${visiblePractitionerSql(viewer, 'p', bind)} ${keyset}
            ORDER BY m."createdAt", m."practitionerId" LIMIT ${bind(first + 1)}`;
          return byParent<MemberRow>(
            await dataSource.query(
              lateralPages(inner, ids, 'page."createdAt", page."practitionerId"'),
              params,
            ),
          );
        },
        (m) => [m.cursorAt, m.practitionerId],
      );
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

    practitionerNetworks: connectionLoader<PractitionerNetworkRow>(
      async (practitionerIds, first, after) => {
        const { params, bind } = sqlParams();
        const ids = bind(practitionerIds);
        let keyset = '';
        if (after) {
          const [name, id] = decodeCursor(after, ['string', 'uuid']);
          keyset = `AND (n."name", n."id") > (${bind(name)}, ${bind(id)}::uuid)`;
        }
        const inner = `SELECT n."id" AS "networkId", n."name"
          FROM network_member m JOIN network n ON n.id = m."networkId"
          WHERE m."practitionerId" = parent.id AND m."status" = ${bind(MembershipStatus.ACTIVE)} ${keyset}
          ORDER BY n."name", n."id" LIMIT ${bind(first + 1)}`;
        return byParent<PractitionerNetworkRow>(
          await dataSource.query(lateralPages(inner, ids, 'page."name", page."networkId"'), params),
        );
      },
      (r) => [r.name, r.networkId],
    ),
  };
}
