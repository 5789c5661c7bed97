import DataLoader from 'dataloader';
import { namedSql, sql } from '../../common/db/sql';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/relay/batched-connection';
import { ReportEntity } from './moderation.entity';
import type { TargetType } from './moderation.enums';
import type { Viewer } from '../../common/auth/viewer';
import { MAX_PAGE_SIZE } from '../../common/relay/pagination';
import type { ModerationItemRow, ModerationQueueService } from './moderation-queue.service';

/** The most open reports a queue item lists (`ModerationItem.reports` is priced by it). */
export const MAX_REPORTS_LISTED = 100;

export interface ModerationLoaders {
  /**
   * The open reports on each target (keyed `type:id`), oldest first, at most MAX_REPORTS_LISTED each: one
   * statement for a whole page of queue items.
   */
  openReports: DataLoader<string, ReportEntity[]>;
  /** Queue items by key as the viewer's queue holds them (null otherwise): one statement per batch. */
  queueItem: DataLoader<string, ModerationItemRow | null>;
}

declare module '../../common/context' {
  interface Loaders {
    moderation: ModerationLoaders;
  }
}

export const reportTargetKey = (type: TargetType, id: string): string => `${type}:${id}`;

export function createModerationLoaders(
  dataSource: DataSource,
  viewer: Viewer | null,
  queue: ModerationQueueService,
): ModerationLoaders {
  return {
    // The queue's page is at most MAX_PAGE_SIZE items; `nodes` asks for at most 100 ids.
    queueItem: new DataLoader(async (keys) => (viewer ? queue.items(viewer, keys) : keys.map(() => null)), {
      maxBatchSize: MAX_PAGE_SIZE,
    }),
    openReports: new DataLoader(async (keys) => {
      const ids = [...new Set(keys.map((k) => k.slice(k.indexOf(':') + 1)))];
      const rows = await dataSource
        .getRepository(ReportEntity)
        .createQueryBuilder('r')
        .where(
          ...namedSql(
            sql`r.id IN (SELECT ranked.id FROM (
                  SELECT o.id, row_number() OVER (PARTITION BY o."targetType", o."targetId" ORDER BY o."createdAt", o.id) AS n
                    FROM report o WHERE o.status = 'OPEN' AND o."targetId" = ANY(${ids})) ranked
                 WHERE ranked.n <= ${MAX_REPORTS_LISTED})`,
            'w',
          ),
        )
        .orderBy('r.createdAt', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .getMany();
      const byTarget = groupBy(rows, (r) => reportTargetKey(r.targetType, r.targetId));
      return keys.map((k) => byTarget.get(k) ?? []);
    }),
  };
}
