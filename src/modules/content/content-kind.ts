import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import type { Loaders } from '../../common/context';
import type { SqlViewer } from '../../common/auth/policy';
import type { ViewerNetworkScope } from '../network';
import type { Tx } from '../../platform/unit-of-work/unit-of-work';

/** What moderation needs to know of one record, whatever its kind. */
export interface ContentFacts {
  id: string;
  /** Null when the author's account is gone (legal developments outlive their author). */
  authorId: string | null;
}

/**
 * Review by the moderators of the networks a record is shared with (besides global moderators), e.g. a
 * NETWORKS post, or a comment on one. A kind without it is reviewed by global moderators only.
 */
export interface NetworkReview {
  /** Whether the viewer, a network moderator with `scope`, reviews the record (its read policy's rule). */
  reviews(manager: EntityManager, viewer: Viewer, id: string, scope: ViewerNetworkScope): Promise<boolean>;
  /** The same through the request's loaders (batched, for read checks of many records of a page). */
  reviewsLoaded(loaders: Loaders, viewer: Viewer, id: string): Promise<boolean>;
  /** SQL form of `reviews` for the record whose id is the SQL expression `idSql`. */
  reviewerSql(v: SqlViewer, idSql: string): string;
  /** SQL: the record whose id is `idSql` is shared with one of the networks bound as the uuid[] `networkIds`. */
  inNetworksSql(networkIds: string, idSql: string): string;
  /**
   * Present when some viewers review records of the kind without moderating any network (the question
   * moderators of a live event): whether the viewer reviews at least one, so that they may use the queue.
   */
  reviewsAny?(manager: EntityManager, viewer: Viewer): Promise<boolean>;
}

/**
 * One kind of content (post, legal development, comment, and the types to come) as the content kernel and
 * moderation see it. A module exposes its kind as an object (`postContentKind`); the app hands the list to
 * the services that act on content by kind (reports, decisions, the queue), so that adding a content type
 * means registering a kind, not editing moderation.
 */
export interface ContentKind {
  /** How reports and the moderation log store the kind (`TargetType`), e.g. 'POST'. */
  targetType: string;
  /** Its GraphQL node type, e.g. 'Post'. */
  nodeType: string;
  /** How NOT_FOUND names it ("Post", "Legal development"). */
  notFound: string;
  /** The facts of one record, or null when it does not exist. */
  load(manager: EntityManager, id: string): Promise<ContentFacts | null>;
  /**
   * Hides (or restores) a record in the caller's transaction, with the counters that depend on it; false when
   * it already was (or was not) hidden. `tx`, when given, records the events the change makes (e.g. a live
   * message that removes a hidden live-event question from subscribers' lists).
   */
  setHidden(manager: EntityManager, id: string, hidden: boolean, tx?: Pick<Tx, 'record'>): Promise<boolean>;
  /** Present when the kind goes through review: its item in the moderation queue. */
  review?: {
    /** The queue item kind (`ModerationItemKind`), e.g. 'POST_REVIEW'. */
    queueKind: string;
    /** Its table, with `id`, `status` and `updatedAt`: pending records wait in the queue since `updatedAt`. */
    table: string;
  };
  /** Present when network moderators review some of its records. */
  networkReview?: NetworkReview;
}

/** The registered content kinds, looked up by the name moderation stores. */
export class ContentKinds {
  private readonly byTarget = new Map<string, ContentKind>();

  /**
   * The registry is built empty by the content module; each content module registers its kind from its
   * manifest's services factory (not at import), before the server answers anything.
   */
  constructor(kinds: readonly ContentKind[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  /** Adds a kind; refused when its target type is registered already. */
  register(kind: ContentKind): void {
    if (this.byTarget.has(kind.targetType))
      throw new Error(`Content kind ${kind.targetType} is registered twice.`);
    this.byTarget.set(kind.targetType, kind);
  }

  /** Every registered kind, in registration order. */
  get all(): readonly ContentKind[] {
    return [...this.byTarget.values()];
  }

  /** The kind stored as `targetType`, or undefined when it is not content (a practitioner, a network). */
  of(targetType: string): ContentKind | undefined {
    return this.byTarget.get(targetType);
  }

  /**
   * SQL: a CASE over the row's `targetTypeSql` that applies `each` to the kinds that define it (given the
   * kind), and `otherwise` to the rest.
   */
  caseSql(targetTypeSql: string, each: (kind: ContentKind) => string | null, otherwise = 'FALSE'): string {
    const arms = this.all
      .map((kind) => [kind.targetType, each(kind)] as const)
      .filter((arm): arm is readonly [string, string] => arm[1] !== null)
      .map(([type, sql]) => `WHEN '${type}' THEN ${sql}`);
    return arms.length ? `(CASE ${targetTypeSql} ${arms.join(' ')} ELSE ${otherwise} END)` : otherwise;
  }
}

/**
 * The kernel's hide/restore: sets or clears `hiddenAt` of one record of `entity` (a table with `id` and
 * `hiddenAt`); false when it already was in that state.
 */
export async function setHiddenAt<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  id: string,
  hidden: boolean,
): Promise<boolean> {
  const changed = await manager
    .createQueryBuilder()
    .update(entity)
    .set({ hiddenAt: hidden ? () => 'now()' : null } as never)
    .where(`id = :id AND "hiddenAt" IS ${hidden ? 'NULL' : 'NOT NULL'}`, { id })
    .execute();
  return !!changed.affected;
}

/** The facts of one record of `entity` (a table with `id` and `authorId`), or null. */
export async function loadContentFacts<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  id: string,
): Promise<ContentFacts | null> {
  const row = (await manager.findOne(entity, {
    select: { id: true, authorId: true } as never,
    where: { id } as never,
  })) as ContentFacts | null;
  return row ? { id: row.id, authorId: row.authorId ?? null } : null;
}
