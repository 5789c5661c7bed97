import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { empty, query, raw, sql } from '../../common/db/sql';
import { byParent, isoMicros, lateralPagesSql } from '../../common/relay/batched-connection';
import type { PageRequest } from '../../common/relay/batched-connection';
import { Keyset, keysetLoader } from '../../common/relay/keyset';
import type { Page } from '../../common/relay/pagination';
import { visiblePractitioners } from '../practitioner';

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
  const keyset = new Keyset<FollowRow>(
    [
      { column: 'f."createdAt"', kind: 'timestamp', as: 'createdAt' },
      { column: `f."${idColumn}"`, kind: 'uuid', as: 'id' },
    ],
    'DESC',
    (r) => [r.cursorAt, r.id],
  );
  return keysetLoader(keyset, async (parentIds, w) => {
    const visible = listsPractitioners
      ? sql`JOIN practitioner p ON p.id = f.${raw(`"${idColumn}"`)} AND ${visiblePractitioners(viewer, 'p')}`
      : empty;
    const inner = sql`SELECT f.${raw(`"${idColumn}"`)} AS "id", f."createdAt", ${raw(isoMicros('f."createdAt"'))} AS "cursorAt"
        FROM ${raw(table)} f ${visible}
        WHERE f.${raw(`"${parentColumn}"`)} = parent.id ${w.andAfter}
        ORDER BY ${w.orderBy} ${w.limit}`;
    return byParent<FollowRow>(await query(dataSource, lateralPagesSql(inner, parentIds, w.outerOrderBy)));
  });
}

export function createFollowLoaders(dataSource: DataSource, viewer: Viewer | null): FollowLoaders {
  const viewerFlag = (table: 'practitioner_follow' | 'network_follow', column: string) =>
    new DataLoader<string, boolean>(async (ids) => {
      if (!viewer) return ids.map(() => false);
      const rows = await query<{ id: string }>(
        dataSource,
        sql`SELECT ${raw(`"${column}"`)} AS "id" FROM ${raw(table)}
            WHERE "followerId" = ${viewer.id} AND ${raw(`"${column}"`)} = ANY(${[...ids]}::uuid[])`,
      );
      const set = new Set(rows.map((r) => r.id));
      return ids.map((id) => set.has(id));
    });
  return {
    viewerFollowsPractitioner: viewerFlag('practitioner_follow', 'followeeId'),
    viewerFollowsNetwork: viewerFlag('network_follow', 'networkId'),
    followerCount: new DataLoader(async (ids) => {
      const rows = await query<{ id: string; n: number }>(
        dataSource,
        sql`SELECT f."followeeId" AS "id", count(*)::int AS "n"
            FROM practitioner_follow f JOIN practitioner p ON p.id = f."followerId" AND p."verification" = 'VERIFIED'
            WHERE f."followeeId" = ANY(${[...ids]}::uuid[]) GROUP BY f."followeeId"`,
      );
      const map = new Map(rows.map((r) => [r.id, r.n]));
      return ids.map((id) => map.get(id) ?? 0);
    }),
    followers: followPages(dataSource, viewer, 'practitioner_follow', 'followeeId', 'followerId', true),
    following: followPages(dataSource, viewer, 'practitioner_follow', 'followerId', 'followeeId', true),
    followedNetworks: followPages(dataSource, viewer, 'network_follow', 'followerId', 'networkId', false),
  };
}
