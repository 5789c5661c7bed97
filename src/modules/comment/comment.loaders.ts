import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { CommentEntity } from './comment.entity';

export interface CommentLoaders {
  byId: DataLoader<string, CommentEntity | null>;
  /** Number of replies to each comment (deleted ones included: they keep their place). */
  replyCount: DataLoader<string, number>;
}

declare module '../../common/context' {
  interface Loaders {
    comment: CommentLoaders;
  }
}

export function createCommentLoaders(dataSource: DataSource): CommentLoaders {
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(CommentEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    replyCount: new DataLoader(async (ids) => {
      const rows: { parentId: string; n: number }[] = await dataSource.query(
        `SELECT "parentId", count(*)::int AS n FROM comment
           WHERE "parentId" = ANY($1::uuid[]) AND "hiddenAt" IS NULL GROUP BY "parentId"`,
        [[...ids]],
      );
      const map = new Map(rows.map((r) => [r.parentId, r.n]));
      return ids.map((id) => map.get(id) ?? 0);
    }),
  };
}
