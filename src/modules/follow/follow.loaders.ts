import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import {
  byParent,
  connectionLoader,
  isoMicros,
  lateralPages,
  sqlParams,
} from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { decodeCursor } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { visiblePractitionerSql } from '../practitioner/practitioner.policy';

/** One followed or following object of a page: its id and keyset values (newest first). */
export interface FollowRow {
  id: string;
  cursorAt: string;
}

export interface FollowLoaders {
  /** Whether the viewer follows each practitioner. */
  viewerFollowsPractitioner: DataLoader<string, boolean>;
  /** Whether the viewer follows each network. */
  viewerFollowsNetwork: DataLoader<string, boolean>;
  /** How many verified practitioners follow each practitioner. */
  followerCount: DataLoader<string, number>;
  /** `Practitioner.followers` pages (the practitioners who follow each parent), newest first. */
  followers: DataLoader<PageRequest, Page<FollowRow>, string>;
  /** `Practitioner.following` pages (the practitioners each parent follows), newest first. */
  following: DataLoader<PageRequest, Page<FollowRow>, string>;
  /** `Practitioner.followedNetworks` pages, newest first. */
  followedNetworks: DataLoader<PageRequest, Page<FollowRow>, string>;
}

declare module '../../common/context' {
  interface Loaders {
    follow: FollowLoaders;
  }
}

/**
 * A page loader over one follow table: rows whose `parentColumn` is the parent, newest first; `idColumn`
 * is the listed object. Listed practitioners are filtered by visibility (`listsPractitioners`).
 */
function followPages(
  dataSource: DataSource,
  viewer: Viewer | null,
  table: 'practitioner_follow' | 'network_follow',
  parentColumn: string,
  idColumn: string,
  listsPractitioners: boolean,
): DataLoader<PageRequest, Page<FollowRow>, string> {
  return connectionLoader<FollowRow>(
    async (parentIds, first, after) => {
      const { params, bind } = sqlParams();
      const ids = bind(parentIds);
      let keyset = '';
      if (after) {
        const [at, id] = decodeCursor(after, ['timestamp', 'uuid']);
        keyset = `AND (f."createdAt", f."${idColumn}") < (${bind(at)}::timestamptz, ${bind(id)}::uuid)`;
      }
      const visible = listsPractitioners
        ? `JOIN practitioner p ON p.id = f."${idColumn}" AND ${visiblePractitionerSql(viewer, 'p', bind)}`
        : '';
      const inner = `SELECT f."${idColumn}" AS "id", f."createdAt", ${isoMicros('f."createdAt"')} AS "cursorAt"
        FROM ${table} f ${visible}
        WHERE f."${parentColumn}" = parent.id ${keyset}
        ORDER BY f."createdAt" DESC, f."${idColumn}" DESC LIMIT ${bind(first + 1)}`;
      return byParent<FollowRow>(
        await dataSource.query(lateralPages(inner, ids, 'page."createdAt" DESC, page."id" DESC'), params),
      );
    },
    (r) => [r.cursorAt, r.id],
  );
}

export function createFollowLoaders(dataSource: DataSource, viewer: Viewer | null): FollowLoaders {
  const viewerFlag = (table: 'practitioner_follow' | 'network_follow', column: string) =>
    new DataLoader<string, boolean>(async (ids) => {
      if (!viewer) return ids.map(() => false);
      const rows: { id: string }[] = await dataSource.query(
        `SELECT "${column}" AS "id" FROM ${table} WHERE "followerId" = $1 AND "${column}" = ANY($2::uuid[])`,
        [viewer.id, [...ids]],
      );
      const set = new Set(rows.map((r) => r.id));
      return ids.map((id) => set.has(id));
    });
  return {
    viewerFollowsPractitioner: viewerFlag('practitioner_follow', 'followeeId'),
    viewerFollowsNetwork: viewerFlag('network_follow', 'networkId'),
    followerCount: new DataLoader(async (ids) => {
      const rows: { id: string; n: number }[] = await dataSource.query(
        `SELECT f."followeeId" AS "id", count(*)::int AS "n"
         FROM practitioner_follow f JOIN practitioner p ON p.id = f."followerId" AND p."verification" = 'VERIFIED'
         WHERE f."followeeId" = ANY($1::uuid[]) GROUP BY f."followeeId"`,
        [[...ids]],
      );
      const map = new Map(rows.map((r) => [r.id, r.n]));
      return ids.map((id) => map.get(id) ?? 0);
    }),
    followers: followPages(dataSource, viewer, 'practitioner_follow', 'followeeId', 'followerId', true),
    following: followPages(dataSource, viewer, 'practitioner_follow', 'followerId', 'followeeId', true),
    followedNetworks: followPages(dataSource, viewer, 'network_follow', 'followerId', 'networkId', false),
  };
}
