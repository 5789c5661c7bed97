import { SettledLoader } from '../../common/loaders/settled-loader';
import type { DataSource } from 'typeorm';
import { anyOf, raw, sql } from '../../common/db/sql';
import { queryPrepared, tableColumnsSql } from '../../common/db/prepared';
import { PractitionerEntity } from './practitioner.entity';

export interface PractitionerLoaders {
  /**
   * Practitioner rows by id, one query per batch; null when absent. `loadNow` answers at once for a row the
   * request already holds (an author's posts after the author's node, a post's author read with the post).
   */
  byId: SettledLoader<string, PractitionerEntity | null>;
}

declare module '../../common/context' {
  interface Loaders {
    practitioner: PractitionerLoaders;
  }
}

export function createPractitionerLoaders(dataSource: DataSource): PractitionerLoaders {
  return {
    // A prepared statement and the driver's rows (their types are the entity's, as for the directory).
    byId: new SettledLoader(async (ids) => {
      const rows = (
        await queryPrepared<Record<string, unknown>>(
          dataSource,
          sql`SELECT ${raw(tableColumnsSql(dataSource, PractitionerEntity, 'p'))} FROM practitioner p
              WHERE p.id ${anyOf(ids, 'uuid')}`,
          { replica: true }, // as the repository's findBy did, when replicas are configured
        )
      ).map((row) => Object.assign(new PractitionerEntity(), row));
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}
