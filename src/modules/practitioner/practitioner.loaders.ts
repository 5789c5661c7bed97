import { SettledLoader } from '../../common/loaders/settled-loader';
import type { DataSource } from 'typeorm';
import { anyOf, raw, sql } from '../../common/db/sql';
import { readAheadColumns, takeReadAheads } from '../../common/relay/read-ahead';
import type { ReadAheadPart } from '../../common/relay/read-ahead';
import { queryPrepared, tableColumnsSql } from '../../common/db/prepared';
import { PractitionerEntity } from './practitioner.entity';

export interface PractitionerLoaders {
  /**
   * Practitioner rows by id, one query per batch; null when absent. `loadNow` answers at once for a row the
   * request already holds (an author's posts after the author's node, a post's author read with the post).
   */
  byId: SettledLoader<string, PractitionerEntity | null>;
  /**
   * One practitioner read as `byId` reads it, with the read-ahead parts' columns in the same statement
   * (node(id)'s look-ahead, common/relay/read-ahead.ts), on the primary as the parts' own reads are; primes
   * `byId`.
   */
  byIdWith(id: string, parts: readonly ReadAheadPart[]): Promise<PractitionerEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    practitioner: PractitionerLoaders;
  }
}

export function createPractitionerLoaders(dataSource: DataSource): PractitionerLoaders {
  // A prepared statement and the driver's rows (their types are the entity's, as for the directory).
  const columns = () => raw(tableColumnsSql(dataSource, PractitionerEntity, 'p'));
  const byId = new SettledLoader<string, PractitionerEntity | null>(async (ids) => {
    const rows = (
      await queryPrepared<Record<string, unknown>>(
        dataSource,
        sql`SELECT ${columns()} FROM practitioner p WHERE p.id ${anyOf(ids, 'uuid')}`,
        { replica: true }, // as the repository's findBy did, when replicas are configured
      )
    ).map((row) => Object.assign(new PractitionerEntity(), row));
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
  return {
    byId,
    byIdWith: async (id, parts) => {
      const [row] = await queryPrepared<Record<string, unknown>>(
        dataSource,
        sql`SELECT ${columns()} ${readAheadColumns(parts, 'p.id')} FROM practitioner p WHERE p.id = ${id}::uuid`,
      );
      if (!row) return null;
      const take = takeReadAheads(parts, row);
      const practitioner = Object.assign(new PractitionerEntity(), row);
      byId.prime(practitioner.id, practitioner);
      take(practitioner.id);
      return practitioner;
    },
  };
}
