import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { isModerator } from '../practitioner';
import { NotificationType } from '../notification-type';
import { recordModerationDecision, ModerationLogAction, TargetType } from '../moderation-log';
import { checkReviewNote, decideReview, recordReviewDecision } from '../content';
import { PostEntity, PostNetworkEntity } from './post.entity';
import type { ReviewDecision } from './post.enums';
import { PostAction, PostStatus } from './post.enums';
import { canReviewPost, canViewPost } from './post.policy';
import { POST_REVIEW, recordPostStep } from './post.review';
import type { PostService } from './post.service';

/** Reviewing posts (global and network moderators) and featuring them (moderators). */
export class PostReviewService {
  constructor(
    private readonly dataSource: DataSource,
    /** The decision's notification and the publication's live event are recorded in its unit of work. */
    private readonly uow: UnitOfWork,
    private readonly posts: PostService,
  ) {}

  async review(
    viewer: Viewer,
    id: string,
    decision: ReviewDecision,
    note: string | null,
  ): Promise<PostEntity> {
    const cleanNote = checkReviewNote(note);
    const scope = await this.posts.scopeOf(viewer);
    return this.uow.run(async ({ manager, record }) => {
      const post = await manager
        .getRepository(PostEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!post) throw new NotFoundError('Post');
      const networkIds = (await manager.getRepository(PostNetworkEntity).findBy({ postId: id })).map(
        (r) => r.networkId,
      );
      if (!canViewPost(viewer, post, networkIds, scope)) throw new NotFoundError('Post');
      const step = decideReview(
        POST_REVIEW,
        viewer,
        post,
        canReviewPost(viewer, post, networkIds, scope),
        decision,
      );
      post.status = step.to;
      if (post.status === PostStatus.PUBLISHED) post.publishedAt = new Date();
      // The row is locked and loaded: one UPDATE (save() would read it again first).
      const updated = await manager
        .createQueryBuilder()
        .update(PostEntity)
        .set({ status: post.status, publishedAt: post.publishedAt })
        .where('id = :id', { id: post.id })
        .returning(['updatedAt'])
        .execute();
      post.updatedAt = (updated.raw as { updatedAt: Date }[])[0].updatedAt;
      await recordReviewDecision(manager, POST_REVIEW, viewer, post.id, decision, step, cleanNote);
      record('notification.requested', {
        notifications: [
          {
            type: NotificationType.POST_REVIEWED,
            recipientId: post.authorId,
            actorId: null, // as in the post's history, the reviewer is not named (and a block must not silence it)
            subjectType: 'Post',
            subjectId: post.id,
            decision,
            note: cleanNote,
          },
        ],
      });
      // Delivered after the commit (the outbox), with ids only: subscribers load what they may see.
      if (post.status === PostStatus.PUBLISHED) record('post.published', { postId: post.id });
      return post;
    });
  }

  async setFeatured(viewer: Viewer, id: string, featured: boolean): Promise<PostEntity> {
    if (!isModerator(viewer)) throw new ForbiddenError('Only moderators feature posts.');
    return this.dataSource.transaction(async (manager) => {
      const post = await manager
        .getRepository(PostEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!post) throw new NotFoundError('Post');
      if (post.status !== PostStatus.PUBLISHED)
        throw new ConflictError('Only published posts can be featured.');
      if (post.featured === featured) return post;
      post.featured = featured;
      post.featuredAt = featured ? new Date() : null;
      await manager.getRepository(PostEntity).save(post);
      await recordPostStep(
        manager,
        post,
        viewer.id,
        featured ? PostAction.FEATURE : PostAction.UNFEATURE,
        post.status,
      );
      await recordModerationDecision(manager, {
        actorId: viewer.id,
        action: featured ? ModerationLogAction.POST_FEATURED : ModerationLogAction.POST_UNFEATURED,
        targetType: TargetType.POST,
        targetId: post.id,
      });
      return post;
    });
  }
}
