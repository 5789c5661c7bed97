import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import type { Page } from '../../common/relay/pagination';
import type { ReferenceCatalog } from '../reference';
import { canWriteContent, isModerator } from '../practitioner';
import { loadViewerNetworkScope } from '../network';
import type { ViewerNetworkScope } from '../network';
import { NetworkEntity } from '../network';
import {
  BookmarkEntity,
  EndorsementEntity,
  PostEntity,
  PostNetworkEntity,
  PostTransitionEntity,
} from './post.entity';
import { PostAction, PostStatus, PostVisibility, ReviewDecision } from './post.enums';
import type { CreatePostInput, UpdatePostInput } from './post.inputs';
import { canReviewPost, canViewPost, isEditable } from './post.policy';
import { and, empty, namedSql, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import { readablePublishedSql } from './post-rows';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { NotificationType } from '../notification-type';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { recordModerationDecision } from '../moderation-log';
import { ModerationLogAction, TargetType } from '../moderation-log';
import { checkThematicAreas } from '../content';
import { refuseNulls } from '../../common/validation/values';
import { checkReviewNote, decideReview, recordReviewDecision, recordReviewStep } from '../content';
import type { ReviewVocabulary } from '../content';

/** Posts under the shared review rules. */
export const POST_REVIEW: ReviewVocabulary<PostStatus, PostAction> = {
  noun: 'post',
  pending: PostStatus.PENDING_REVIEW,
  published: PostStatus.PUBLISHED,
  outcomes: {
    [ReviewDecision.APPROVE]: PostStatus.PUBLISHED,
    [ReviewDecision.REQUEST_CHANGES]: PostStatus.CHANGES_REQUESTED,
    [ReviewDecision.REJECT]: PostStatus.REJECTED,
  },
  actions: {
    [ReviewDecision.APPROVE]: PostAction.APPROVE,
    [ReviewDecision.REQUEST_CHANGES]: PostAction.REQUEST_CHANGES,
    [ReviewDecision.REJECT]: PostAction.REJECT,
  },
  history: { entity: PostTransitionEntity, contentColumn: 'postId' },
  log: {
    targetType: TargetType.POST,
    actions: {
      [ReviewDecision.APPROVE]: ModerationLogAction.POST_APPROVED,
      [ReviewDecision.REQUEST_CHANGES]: ModerationLogAction.POST_CHANGES_REQUESTED,
      [ReviewDecision.REJECT]: ModerationLogAction.POST_REJECTED,
    },
  },
};

export const NETWORK_TYPE = 'Network';

export type PostOrder = 'published' | 'featured';

/** Published posts newest first (the featured list: by the time they were featured), then by id. */
const POST_ORDERS: Record<PostOrder, Keyset<PostEntity>> = {
  published: new Keyset<PostEntity>(
    [
      { column: 'p."publishedAt"', kind: 'timestamp' },
      { column: 'p."id"', kind: 'uuid' },
    ],
    'DESC',
    (p) => [p.publishedAt!.toISOString(), p.id],
  ),
  featured: new Keyset<PostEntity>(
    [
      { column: 'p."featuredAt"', kind: 'timestamp' },
      { column: 'p."id"', kind: 'uuid' },
    ],
    'DESC',
    (p) => [p.featuredAt!.toISOString(), p.id],
  ),
};

/** The viewer's bookmarks, most recently saved first. */
const BOOKMARK_ORDER = new Keyset<PostEntity & { bookmarkedAt: Date }>(
  [
    { column: 'b."createdAt"', kind: 'timestamp' },
    { column: 'p."id"', kind: 'uuid' },
  ],
  'DESC',
  (p) => [p.bookmarkedAt.toISOString(), p.id],
);

/** Good-practice posts: writing, the review lifecycle, endorsements, bookmarks and lists. */
export class PostService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    /** Writes that tell someone (notifications, live events) run in units of work that record the events. */
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
  ) {}

  private requireWriter(viewer: Viewer): void {
    if (!canWriteContent(viewer))
      throw new ForbiddenError('Only verified members can write; your account is not verified.');
  }

  /** The viewer's networks and blocks; pass the transaction's manager when inside one. */
  scopeOf(viewer: Viewer, manager: EntityManager = this.dataSource.manager): Promise<ViewerNetworkScope> {
    return loadViewerNetworkScope(manager, viewer.id)();
  }

  private checkCodes(
    countryCodes: string[] | null | undefined,
    thematicAreaCodes: string[] | null | undefined,
  ): { countries?: string[]; areas?: string[] } {
    const out: { countries?: string[]; areas?: string[] } = {};
    if (countryCodes) {
      const upper = countryCodes.map((c) => c.toUpperCase());
      const unknown = upper.filter((c) => !this.catalog.country(c));
      if (unknown.length)
        throw new BadUserInputError(`Unknown country codes: ${unknown.join(', ')}.`, [
          { field: 'countryCodes', message: `unknown codes ${unknown.join(', ')}` },
        ]);
      out.countries = upper;
    }
    if (thematicAreaCodes)
      out.areas = checkThematicAreas(this.catalog, thematicAreaCodes, 'thematicAreaCodes');
    return out;
  }

  /** Decodes network ids and checks the author may share with them (member, or global moderator). */
  private async checkNetworks(
    viewer: Viewer,
    globalIds: string[],
    scope: ViewerNetworkScope,
  ): Promise<string[]> {
    const ids = globalIds.map((g, i) => fromGlobalIdOf(NETWORK_TYPE, g, `networkIds[${i}]`));
    if (!ids.length) return ids;
    const found = await this.dataSource.getRepository(NetworkEntity).count({ where: { id: In(ids) } });
    if (found !== ids.length) throw new NotFoundError('One of the networks');
    const outside = ids.filter((id) => !scope.activeNetworkIds.has(id));
    if (outside.length && !isModerator(viewer))
      throw new ForbiddenError('You can only share with networks you are a member of.');
    return ids;
  }

  private checkVisibility(visibility: PostVisibility, networkIds: string[]): void {
    if (visibility === PostVisibility.NETWORKS && networkIds.length === 0) {
      throw new BadUserInputError('A NETWORKS post must be shared with at least one network.', [
        { field: 'networkIds', message: 'must not be empty for NETWORKS visibility' },
      ]);
    }
  }

  /** With an idempotency key, a retry returns the post the first request created and writes nothing. */
  async create(viewer: Viewer, input: CreatePostInput, idempotencyKey?: string | null): Promise<PostEntity> {
    const load = (id: string) => this.dataSource.getRepository(PostEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(viewer.id, 'createPost', idempotencyKey, input, load);
    if (create.earlier) return create.earlier;
    this.requireWriter(viewer);
    if (!input.title.trim())
      throw new BadUserInputError('title cannot be blank.', [{ field: 'title', message: 'cannot be blank' }]);
    const codes = this.checkCodes(input.countryCodes ?? [], input.thematicAreaCodes ?? []);
    const scope = await this.scopeOf(viewer);
    const networkIds = await this.checkNetworks(viewer, input.networkIds ?? [], scope);
    const visibility = input.visibility ?? PostVisibility.COMMUNITY;
    this.checkVisibility(visibility, networkIds);
    const { result } = await create.run(async (manager) => {
      const post = await manager.getRepository(PostEntity).save(
        manager.create(PostEntity, {
          authorId: viewer.id,
          title: input.title.trim(),
          summary: input.summary ?? '',
          body: input.body ?? '',
          language: input.language,
          countryCodes: codes.countries ?? [],
          thematicAreaCodes: codes.areas ?? [],
          visibility,
          status: PostStatus.DRAFT,
        }),
      );
      if (networkIds.length)
        await manager.insert(
          PostNetworkEntity,
          networkIds.map((networkId) => ({ postId: post.id, networkId })),
        );
      return post;
    });
    return result;
  }

  private async lockOwnPost(manager: EntityManager, viewer: Viewer, id: string): Promise<PostEntity> {
    const post = await manager
      .getRepository(PostEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!post || post.authorId !== viewer.id) {
      // Someone else's draft is reported as absent, not forbidden: its existence is not theirs to know.
      throw new NotFoundError('Post');
    }
    return post;
  }

  async update(viewer: Viewer, id: string, input: UpdatePostInput): Promise<PostEntity> {
    this.requireWriter(viewer);
    refuseNulls(input, [
      'title',
      'language',
      'visibility',
      'countryCodes',
      'thematicAreaCodes',
      'networkIds',
      'summary',
      'body',
    ]);
    if (input.title !== undefined && !input.title!.trim())
      throw new BadUserInputError('title cannot be blank.', [{ field: 'title', message: 'cannot be blank' }]);
    const codes = this.checkCodes(input.countryCodes, input.thematicAreaCodes);
    const scope = await this.scopeOf(viewer);
    const networkIds = input.networkIds ? await this.checkNetworks(viewer, input.networkIds, scope) : null;
    return this.dataSource.transaction(async (manager) => {
      const post = await this.lockOwnPost(manager, viewer, id);
      if (!isEditable(post.status)) throw new ConflictError(`A ${post.status} post cannot be edited.`);
      const currentNetworks =
        networkIds ??
        (await manager.getRepository(PostNetworkEntity).findBy({ postId: id })).map((r) => r.networkId);
      this.checkVisibility(input.visibility ?? post.visibility, currentNetworks);
      if (input.title != null) post.title = input.title.trim();
      if (input.summary != null) post.summary = input.summary;
      if (input.body != null) post.body = input.body;
      if (input.language != null) post.language = input.language;
      if (input.visibility != null) post.visibility = input.visibility;
      if (codes.countries) post.countryCodes = codes.countries;
      if (codes.areas) post.thematicAreaCodes = codes.areas;
      post.editedAt = new Date();
      await manager.getRepository(PostEntity).save(post);
      if (networkIds) {
        await manager.delete(PostNetworkEntity, { postId: id });
        if (networkIds.length)
          await manager.insert(
            PostNetworkEntity,
            networkIds.map((networkId) => ({ postId: id, networkId })),
          );
      }
      return post;
    });
  }

  private record(
    manager: EntityManager,
    post: PostEntity,
    actorId: string,
    action: PostAction,
    from: PostStatus,
    note: string | null = null,
  ) {
    return recordReviewStep(manager, POST_REVIEW, post.id, {
      actorId,
      action,
      fromStatus: from,
      toStatus: post.status,
      note,
    });
  }

  async submit(viewer: Viewer, id: string): Promise<PostEntity> {
    this.requireWriter(viewer);
    return this.dataSource.transaction(async (manager) => {
      const post = await this.lockOwnPost(manager, viewer, id);
      if (!isEditable(post.status)) throw new ConflictError(`A ${post.status} post cannot be submitted.`);
      if (!post.body.trim() && !post.summary.trim()) {
        throw new BadUserInputError('A post needs a summary or a body before it is submitted.', [
          { field: 'body', message: 'is empty' },
        ]);
      }
      const from = post.status;
      post.status = PostStatus.PENDING_REVIEW;
      await manager.getRepository(PostEntity).save(post);
      await this.record(manager, post, viewer.id, PostAction.SUBMIT, from);
      return post;
    });
  }

  async review(
    viewer: Viewer,
    id: string,
    decision: ReviewDecision,
    note: string | null,
  ): Promise<PostEntity> {
    const cleanNote = checkReviewNote(note);
    const scope = await this.scopeOf(viewer);
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
      await this.record(
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

  async archive(viewer: Viewer, id: string): Promise<PostEntity> {
    return this.dataSource.transaction(async (manager) => {
      const post = await this.lockOwnPost(manager, viewer, id);
      if (post.status === PostStatus.ARCHIVED) throw new ConflictError('This post is already archived.');
      const from = post.status;
      post.status = PostStatus.ARCHIVED;
      post.featured = false;
      post.featuredAt = null;
      await manager.getRepository(PostEntity).save(post);
      await this.record(manager, post, viewer.id, PostAction.ARCHIVE, from);
      return post;
    });
  }

  /**
   * The viewer's networks and blocks, and the post if the viewer may read it (postPolicy), else null for
   * the post. The scope is returned for rules that build on the post's (a comment's blocks).
   */
  async readableWithScope(
    viewer: Viewer,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ post: PostEntity | null; scope: ViewerNetworkScope }> {
    const [post, networks, scope] = await Promise.all([
      manager.getRepository(PostEntity).findOneBy({ id }),
      manager.getRepository(PostNetworkEntity).findBy({ postId: id }),
      this.scopeOf(viewer, manager),
    ]);
    const readable =
      !!post &&
      canViewPost(
        viewer,
        post,
        networks.map((n) => n.networkId),
        scope,
      );
    return { post: readable ? post : null, scope };
  }

  /** A post the viewer may read (postPolicy), else NOT_FOUND: what they may not see does not exist for them. */
  async readable(
    viewer: Viewer,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PostEntity> {
    const { post } = await this.readableWithScope(viewer, id, manager);
    if (!post) throw new NotFoundError('Post');
    return post;
  }

  /** A published post the viewer may read, else NOT_FOUND (or CONFLICT when it is not published). */
  async visiblePublished(viewer: Viewer, id: string): Promise<PostEntity> {
    const post = await this.readable(viewer, id);
    if (post.status !== PostStatus.PUBLISHED)
      throw new ConflictError('Only published posts can be endorsed, bookmarked or commented on.');
    return post;
  }

  async endorse(viewer: Viewer, id: string, endorse: boolean): Promise<PostEntity> {
    this.requireWriter(viewer);
    await this.visiblePublished(viewer, id);
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
    const post = bookmark ? await this.visiblePublished(viewer, id) : await this.readable(viewer, id);
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

  /**
   * A keyset page of published posts the viewer may read, newest first, narrowed by `conditions`
   * (`sql` fragments on alias `p`, e.g. the feed's).
   */
  async listPublished(
    viewer: Viewer,
    conditions: Sql[],
    first: number,
    after: string | null | undefined,
    order: PostOrder = 'published',
  ): Promise<Page<PostEntity>> {
    const keyset = POST_ORDERS[order];
    const qb = this.dataSource.getRepository(PostEntity).createQueryBuilder('p');
    return entityPage(qb, keyset, keyset.window({ first, after }), [
      readablePublishedSql(viewer, 'p'),
      order === 'featured' ? raw('p."featured" = true') : empty,
      ...conditions,
    ]);
  }

  /** The viewer's bookmarks (still readable ones), most recently saved first. */
  async bookmarks(
    viewer: Viewer,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<PostEntity & { bookmarkedAt: Date }>> {
    const w = BOOKMARK_ORDER.window({ first, after });
    const conditions = [readablePublishedSql(viewer, 'p'), ...(w.after ? [w.after] : [])];
    const { entities, raw: rows } = await this.dataSource
      .getRepository(PostEntity)
      .createQueryBuilder('p')
      .innerJoin(
        BookmarkEntity,
        'b',
        ...namedSql(sql`b."postId" = p."id" AND b."practitionerId" = ${viewer.id}`, 'b'),
      )
      .addSelect('b."createdAt"', 'bookmarked_at')
      .where(...namedSql(and(conditions), 'w'))
      .orderBy('b."createdAt"', 'DESC')
      .addOrderBy('p."id"', 'DESC')
      .limit(w.first + 1)
      .getRawAndEntities();
    return w.page(
      entities.map((e, i) => Object.assign(e, { bookmarkedAt: new Date(rows[i].bookmarked_at) })),
    );
  }
}
