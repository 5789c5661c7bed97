import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { ReferenceCatalog } from '../reference';
import { canWriteContent, isModerator } from '../practitioner';
import { loadViewerNetworkScope } from '../network';
import type { ViewerNetworkScope } from '../network';
import { NetworkEntity } from '../network';
import { PostEntity, PostNetworkEntity } from './post.entity';
import { PostAction, PostStatus, PostVisibility } from './post.enums';
import type { CreatePostInput, UpdatePostInput } from './post.inputs';
import { canViewPost, isEditable } from './post.policy';
import { raw, together } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import { readablePublishedSql } from './post-rows';
import { recordPostStep } from './post.review';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { checkThematicAreas } from '../content';
import { refuseNulls } from '../../common/validation/values';

export const NETWORK_TYPE = 'Network';

/** The featured list: published posts by the time they were featured, newest first, then by id. */
const FEATURED_ORDER = new Keyset<PostEntity>(
  [
    { column: 'p."featuredAt"', kind: 'timestamp' },
    { column: 'p."id"', kind: 'uuid' },
  ],
  'DESC',
  (p) => [p.featuredAt!.toISOString(), p.id],
);

/** A post another module submits for review on its author's behalf (`PostService.createForReview`). */
export interface PostForReview {
  title: string;
  summary: string;
  body: string;
  language: string;
  countryCodes: string[];
  thematicAreaCodes: string[];
  visibility: PostVisibility;
  /** Global ids, like `createPost`'s. */
  networkIds: string[];
}

/** Only verified members write (posts, comments, endorsements). */
export function requireWriter(viewer: Viewer): void {
  if (!canWriteContent(viewer))
    throw new ForbiddenError('Only verified members can write; your account is not verified.');
}

/**
 * Good-practice posts: writing and the author's lifecycle (create, update, submit, archive), reading and lists.
 * Review and featuring are in post-review.service.ts; endorsements and bookmarks in post-reaction.service.ts.
 */
export class PostService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly idempotency: IdempotencyService,
  ) {}

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
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string[]> {
    const ids = globalIds.map((g, i) => fromGlobalIdOf(NETWORK_TYPE, g, `networkIds[${i}]`));
    if (!ids.length) return ids;
    const found = await manager.getRepository(NetworkEntity).count({ where: { id: In(ids) } });
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
    requireWriter(viewer);
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

  /**
   * Creates a post and submits it for review in the caller's transaction, with the checks of `create` and
   * `submit`: what other modules publish as a good practice (a live event's summary) goes through review
   * like any post by that author.
   */
  async createForReview(manager: EntityManager, viewer: Viewer, input: PostForReview): Promise<PostEntity> {
    requireWriter(viewer);
    const codes = this.checkCodes(input.countryCodes, input.thematicAreaCodes);
    const scope = await this.scopeOf(viewer, manager);
    const networkIds = await this.checkNetworks(viewer, input.networkIds, scope, manager);
    this.checkVisibility(input.visibility, networkIds);
    const post = await manager.getRepository(PostEntity).save(
      manager.create(PostEntity, {
        authorId: viewer.id,
        title: input.title.trim(),
        summary: input.summary,
        body: input.body,
        language: input.language,
        countryCodes: codes.countries ?? [],
        thematicAreaCodes: codes.areas ?? [],
        visibility: input.visibility,
        status: PostStatus.DRAFT,
      }),
    );
    if (networkIds.length)
      await manager.insert(
        PostNetworkEntity,
        networkIds.map((networkId) => ({ postId: post.id, networkId })),
      );
    post.status = PostStatus.PENDING_REVIEW;
    await manager.getRepository(PostEntity).save(post);
    await recordPostStep(manager, post, viewer.id, PostAction.SUBMIT, PostStatus.DRAFT);
    return post;
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

  async update(viewer: Viewer, id: string, input: Omit<UpdatePostInput, 'id'>): Promise<PostEntity> {
    requireWriter(viewer);
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

  async submit(viewer: Viewer, id: string): Promise<PostEntity> {
    requireWriter(viewer);
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
      await recordPostStep(manager, post, viewer.id, PostAction.SUBMIT, from);
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
      await recordPostStep(manager, post, viewer.id, PostAction.ARCHIVE, from);
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
    const [post, networks, scope] = await together(
      manager,
      () => manager.getRepository(PostEntity).findOneBy({ id }),
      () => manager.getRepository(PostNetworkEntity).findBy({ postId: id }),
      () => this.scopeOf(viewer, manager),
    );
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

  /** A keyset page of the featured posts the viewer may read, most recently featured first. */
  async listFeatured(viewer: Viewer, args: PageArgs): Promise<Page<PostEntity>> {
    const qb = this.dataSource.getRepository(PostEntity).createQueryBuilder('p');
    return entityPage(qb, FEATURED_ORDER, FEATURED_ORDER.window(args), [
      readablePublishedSql(viewer, 'p'),
      raw('p."featured" = true'),
    ]);
  }
}
