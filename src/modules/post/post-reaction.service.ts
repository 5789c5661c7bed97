import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { isoMicros } from '../../common/relay/batched-connection';
import { and, namedSql, sql } from '../../common/db/sql';
import { Keyset } from '../../common/relay/keyset';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { NotificationType } from '../notification-type';
import { BookmarkEntity, EndorsementEntity, PostEntity } from './post.entity';
import { readablePublishedSql } from './post-rows';
import { requireWriter } from './post.service';
import type { PostService } from './post.service';

/** A bookmarked post, with when it was saved (and that instant to the microsecond, for its cursor). */
type BookmarkedPost = PostEntity & { bookmarkedAt: Date; bookmarkedAtMicros: string };

/** The viewer's bookmarks, most recently saved first. */
const BOOKMARK_ORDER = new Keyset<BookmarkedPost>(
  [
    { column: 'b."createdAt"', kind: 'timestamp' },
    { column: 'p."id"', kind: 'uuid' },
  ],
  'DESC',
  (p) => [p.bookmarkedAtMicros, p.id],
);

/** What members do with a published post: endorse it (its author is told) and bookmark it. */
export class PostReactionService {
  constructor(
    private readonly dataSource: DataSource,
    /** A new endorsement's notification is recorded in its unit of work. */
    private readonly uow: UnitOfWork,
    private readonly posts: PostService,
  ) {}

  async endorse(viewer: Viewer, id: string, endorse: boolean): Promise<PostEntity> {
    requireWriter(viewer);
    await this.posts.visiblePublished(viewer, id);
    return this.uow.run(async ({ manager, record }) => {
      let endorsed = false;
      if (endorse) {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(EndorsementEntity)
          .values({ postId: id, practitionerId: viewer.id })
          .orIgnore()
          .returning(['postId'])
          .execute();
        if (inserted.raw.length) {
          await manager.increment(PostEntity, { id }, 'endorsementCount', 1);
          endorsed = true;
        }
      } else {
        const deleted = await manager.delete(EndorsementEntity, { postId: id, practitionerId: viewer.id });
        if (deleted.affected) await manager.decrement(PostEntity, { id }, 'endorsementCount', 1);
      }
      const post = await manager.getRepository(PostEntity).findOneByOrFail({ id });
      // Only a new endorsement notifies (repeating one is a no-op, and so is its notification).
      if (endorsed)
        record('notification.requested', {
          notifications: [
            {
              type: NotificationType.POST_ENDORSED,
              recipientId: post.authorId,
              actorId: viewer.id,
              subjectType: 'Post',
              subjectId: post.id,
            },
          ],
        });
      return post;
    });
  }

  async bookmark(viewer: Viewer, id: string, bookmark: boolean): Promise<PostEntity> {
    // Removing one's bookmark answers with the post too: only one the viewer may still read.
    const post = bookmark
      ? await this.posts.visiblePublished(viewer, id)
      : await this.posts.readable(viewer, id);
    if (bookmark) {
      // createdAt from the application clock (millisecond precision) so keyset cursors match rows exactly.
      await this.dataSource
        .createQueryBuilder()
        .insert()
        .into(BookmarkEntity)
        .values({ postId: id, practitionerId: viewer.id, createdAt: new Date() })
        .orIgnore()
        .execute();
    } else {
      await this.dataSource.getRepository(BookmarkEntity).delete({ postId: id, practitionerId: viewer.id });
    }
    return post;
  }

  /** The viewer's bookmarks (still readable ones), most recently saved first; pages both ways. */
  async bookmarks(viewer: Viewer, args: PageArgs): Promise<Page<BookmarkedPost>> {
    const w = BOOKMARK_ORDER.window(args);
    const conditions = [readablePublishedSql(viewer, 'p'), ...(w.after ? [w.after] : [])];
    const qb = this.dataSource
      .getRepository(PostEntity)
      .createQueryBuilder('p')
      .innerJoin(
        BookmarkEntity,
        'b',
        ...namedSql(sql`b."postId" = p."id" AND b."practitionerId" = ${viewer.id}`, 'b'),
      )
      .addSelect('b."createdAt"', 'bookmarked_at')
      .addSelect(isoMicros('b."createdAt"'), 'bookmarked_at_micros')
      .where(...namedSql(and(conditions), 'w'));
    BOOKMARK_ORDER.keys.forEach((k, i) =>
      i ? qb.addOrderBy(k.column, w.direction) : qb.orderBy(k.column, w.direction),
    );
    const { entities, raw: rows } = await qb.limit(w.first + 1).getRawAndEntities();
    return w.page(
      entities.map((e, i) =>
        Object.assign(e, {
          bookmarkedAt: new Date(rows[i].bookmarked_at),
          bookmarkedAtMicros: rows[i].bookmarked_at_micros as string,
        }),
      ),
    );
  }
}
