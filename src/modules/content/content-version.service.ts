import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import type { Context } from '../../common/context';
import type { Viewer } from '../../common/auth/viewer';
import { LANGUAGES } from '../../common/i18n/language';
import type { Language } from '../../common/i18n/language';
import { query, raw, sql } from '../../common/db/sql';
import { loadReadable } from '../../common/relay/node-registry';
import type { ContentKinds } from './content-kind';
import { ContentVersionEntity } from './content-version.entity';
import { VersionOrigin, VersionReviewState } from './content-version.enums';

/** What every versioned content record has (the original is its own row). */
export interface VersionedContent {
  id: string;
  title: string;
  summary: string;
  body: string;
  language: string;
  authorId?: string | null;
}

/**
 * The content types that have language versions: their node type (`content_version.kind`), their table,
 * when a record is visible only to networks (never sent to a machine-translation engine unless allowed), and
 * the SQL of its original's text when its columns are not `title`, `summary`, `body` and `language`.
 */
export const VERSIONED_KINDS: Readonly<
  Record<string, { table: string; networkOnlySql: string; textSql?: string }>
> = {
  Post: { table: 'post', networkOnlySql: `"visibility" = 'NETWORKS'` },
  LegalDevelopment: { table: 'legal_development', networkOnlySql: 'FALSE' },
  LiveEvent: { table: 'live_event', networkOnlySql: `"visibility" = 'NETWORKS'` },
  Course: { table: 'course', networkOnlySql: 'FALSE' },
  // A lesson is its course's (courses have no NETWORKS visibility); it has no summary.
  Lesson: {
    table: 'course_lesson',
    networkOnlySql: 'FALSE',
    textSql: `"title", '' AS "summary", coalesce("body", '') AS "body", "language"`,
  },
  Publication: { table: 'publication', networkOnlySql: `"visibility" = 'NETWORKS'` },
};

/**
 * What a versioned kind whose record is not shaped as `VersionedContent`, or whose text is closed to some
 * of its readers, tells the kernel (registered by its module: `contentVersions.registerRules`).
 */
export interface VersionedKindRules {
  /**
   * The record (as its node loads it, readable by the viewer) as versioned content; throws (e.g. FORBIDDEN
   * with a reason) when its text is closed to the viewer although the record is not, as a locked lesson.
   */
  text(ctx: Context, record: unknown): Promise<VersionedContent>;
  /** Whether the viewer reviews the record's translations (besides global moderators). */
  reviews(ctx: Context, contentId: string): Promise<boolean>;
  /** Human translations wait for review before other readers see them. */
  review: boolean;
}

/** One language version as the API shows it (the original too, built from the content's row). */
export class VersionView {
  kind!: string;
  contentId!: string;
  language!: string;
  title!: string;
  summary!: string;
  body!: string;
  origin!: VersionOrigin;
  translatorId!: string | null;
  engine!: string | null;
  sourceRevision!: number;
  isOutdated!: boolean;
  reviewState!: VersionReviewState;
  /** The other languages the viewer could read this content in. */
  availableLanguages!: string[];
}

/** The languages of an Accept-Language header that we have, best first (q-values honoured). */
export function acceptedLanguages(header: string | null | undefined): Language[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return {
        lang: tag.trim().toLowerCase().split('-')[0],
        weight: Number.isFinite(weight) ? weight : 0,
        index,
      };
    })
    .filter((x) => x.weight > 0 && (LANGUAGES as readonly string[]).includes(x.lang))
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((x) => x.lang as Language);
}

/**
 * Language versions of content, for every registered kind: reading with negotiation, and the writes of
 * translations (by people and by the machine-translation consumer).
 */
export class ContentVersionService {
  /** One loader of a content's versions per request's loaders (renewed with them for subscriptions). */
  private readonly loaders = new WeakMap<object, DataLoader<string, ContentVersionEntity[]>>();
  private readonly rules = new Map<string, VersionedKindRules>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly kinds: ContentKinds,
  ) {}

  /** Registers the rules of a versioned kind (from its module's services factory). */
  registerRules(kind: string, rules: VersionedKindRules): void {
    if (!VERSIONED_KINDS[kind] || this.rules.has(kind)) throw new Error(`Cannot register rules of ${kind}.`);
    this.rules.set(kind, rules);
  }

  /** Whether human translations of this kind wait for review before readers see them (as its content does). */
  requiresReview(kind: string): boolean {
    return !!this.kinds.all.find((k) => k.nodeType === kind)?.review || !!this.rules.get(kind)?.review;
  }

  /**
   * A record its node loaded as versioned content; throws when its text is closed to the viewer (the
   * kind's rules).
   */
  textOf(ctx: Context, kind: string, record: unknown): Promise<VersionedContent> {
    const rules = this.rules.get(kind);
    return rules ? rules.text(ctx, record) : Promise.resolve(record as VersionedContent);
  }

  /**
   * The content of `kind` and `id` if the viewer may read it (its node's read policy), else null; throws
   * when the viewer may read the record but not its text (`textOf`).
   */
  async readable(ctx: Context, kind: string, id: string): Promise<VersionedContent | null> {
    const record = await loadReadable(ctx, kind, id);
    return record ? this.textOf(ctx, kind, record) : null;
  }

  /** `readable`, null also when the text is closed to the viewer (reads that answer nothing rather than why). */
  async readableOrNull(ctx: Context, kind: string, id: string): Promise<VersionedContent | null> {
    try {
      return await this.readable(ctx, kind, id);
    } catch {
      return null;
    }
  }

  /** The manager outside a transaction (reads of the translation requests). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Whether the viewer reviews this content as one of its network moderators (through the request's loaders). */
  async reviewsLoaded(ctx: Context, kind: string, contentId: string): Promise<boolean> {
    const rules = this.rules.get(kind);
    if (rules) return !!ctx.viewer && rules.reviews(ctx, contentId);
    const review = this.kinds.all.find((k) => k.nodeType === kind)?.networkReview;
    return !!ctx.viewer && !!review && review.reviewsLoaded(ctx.loaders, ctx.viewer, contentId);
  }

  /** SQL: the version `alias` is shown to every reader of its content (not rejected; reviewed when needed). */
  publicSql(alias: string): string {
    const reviewed = [
      ...this.kinds.all.filter((k) => k.review && VERSIONED_KINDS[k.nodeType]).map((k) => k.nodeType),
      ...[...this.rules].filter(([, r]) => r.review).map(([kind]) => kind),
    ].map((kind) => `'${kind}'`);
    const unreviewedOk = reviewed.length
      ? `(${alias}."origin" = 'MACHINE' OR ${alias}."kind" NOT IN (${reviewed.join(', ')}))`
      : 'TRUE';
    return `(${alias}."reviewState" = 'REVIEWED' OR (${alias}."reviewState" = 'UNREVIEWED' AND ${unreviewedOk}))`;
  }

  /** Whether this viewer is shown this version (its translator always is). */
  isShown(
    viewer: Viewer | null,
    v: Pick<ContentVersionEntity, 'kind' | 'origin' | 'translatorId' | 'reviewState'>,
  ): boolean {
    if (viewer && v.translatorId === viewer.id) return true;
    if (v.reviewState === VersionReviewState.REVIEWED) return true;
    if (v.reviewState === VersionReviewState.REJECTED) return false;
    return v.origin === VersionOrigin.MACHINE || !this.requiresReview(v.kind);
  }

  private loader(ctx: Context): DataLoader<string, ContentVersionEntity[]> {
    let loader = this.loaders.get(ctx.loaders);
    if (!loader) {
      loader = new DataLoader(async (keys: readonly string[]) => {
        const pairs = keys.map((k) => k.split(':'));
        const rows = await this.dataSource.getRepository(ContentVersionEntity).find({
          where: pairs.map(([kind, contentId]) => ({ kind, contentId })),
        });
        return keys.map((k) => rows.filter((r) => `${r.kind}:${r.contentId}` === k));
      });
      this.loaders.set(ctx.loaders, loader);
    }
    return loader;
  }

  /** The current revision of an original's text. */
  async revision(m: EntityManager | DataSource, kind: string, contentId: string): Promise<number> {
    const [row] = await query<{ revision: number }>(
      m,
      sql`SELECT "revision" FROM content_revision WHERE "kind" = ${kind} AND "contentId" = ${contentId}`,
    );
    return row?.revision ?? 1;
  }

  /** The versions of one content the viewer of `ctx` is shown (the content itself must be readable). */
  async shown(ctx: Context, kind: string, contentId: string): Promise<ContentVersionEntity[]> {
    const rows = await this.loader(ctx).load(`${kind}:${contentId}`);
    return rows.filter((r) => this.isShown(ctx.viewer, r));
  }

  /** The original as a version. */
  async original(ctx: Context, kind: string, content: VersionedContent): Promise<VersionView> {
    return Object.assign(new VersionView(), {
      kind,
      contentId: content.id,
      language: content.language,
      title: content.title,
      summary: content.summary,
      body: content.body,
      origin: VersionOrigin.ORIGINAL,
      translatorId: content.authorId ?? null,
      engine: null,
      sourceRevision: await this.revision(this.dataSource, kind, content.id),
      isOutdated: false,
      reviewState: VersionReviewState.REVIEWED,
      availableLanguages: [] as string[],
    });
  }

  /**
   * The version of a readable content to show: the `requested` language, else the Accept-Language header's,
   * else the viewer's preferred languages, else the original; `availableLanguages` lists the others.
   */
  async negotiate(
    ctx: Context,
    kind: string,
    content: VersionedContent,
    requested?: Language | null,
  ): Promise<VersionView> {
    const versions = await this.shown(ctx, kind, content.id);
    const byLanguage = new Map(versions.map((v) => [v.language, v]));
    const available = new Set([content.language, ...byLanguage.keys()]);
    const preferences: string[] = [];
    if (requested) preferences.push(requested);
    preferences.push(...acceptedLanguages(ctx.acceptLanguage));
    if (ctx.viewer) {
      const me = await ctx.loaders.practitioner.byId.load(ctx.viewer.id);
      preferences.push(...(me?.languages ?? []));
    }
    const language = preferences.find((l) => available.has(l)) ?? content.language;
    const others = [...available].filter((l) => l !== language).sort();
    const chosen = byLanguage.get(language);
    if (!chosen || language === content.language)
      return Object.assign(await this.original(ctx, kind, content), { availableLanguages: others });
    return viewOf(chosen, others);
  }

  /** One stored version as the API shows it. */
  async viewOne(
    ctx: Context,
    kind: string,
    content: VersionedContent,
    language: string,
  ): Promise<VersionView> {
    const all = await this.shown(ctx, kind, content.id);
    const v = all.find((x) => x.language === language);
    const others = [content.language, ...all.map((x) => x.language)].filter((l) => l !== language).sort();
    if (!v) return Object.assign(await this.original(ctx, kind, content), { availableLanguages: others });
    return viewOf(v, others);
  }

  /** A stored version whatever its review state (for its reviewer), with the languages shown to all. */
  async stored(kind: string, content: VersionedContent, language: string): Promise<VersionView | null> {
    const v = await this.dataSource
      .getRepository(ContentVersionEntity)
      .findOne({ where: { kind, contentId: content.id, language } });
    return v ? viewOf(v, []) : null;
  }

  /**
   * Writes (or replaces) a translation, inside the caller's transaction; `reviewerId`, when given, writes it
   * REVIEWED by them (text the content's own authors wrote, e.g. a lesson's bodies).
   */
  async write(
    m: EntityManager,
    row: Pick<
      ContentVersionEntity,
      'kind' | 'contentId' | 'language' | 'title' | 'summary' | 'body' | 'origin' | 'translatorId' | 'engine'
    >,
    reviewerId: string | null = null,
  ): Promise<void> {
    const sourceRevision = await this.revision(m, row.kind, row.contentId);
    const state = reviewerId ? VersionReviewState.REVIEWED : VersionReviewState.UNREVIEWED;
    await query(
      m,
      sql`INSERT INTO content_version ("kind", "contentId", "language", "title", "summary", "body", "origin",
            "translatorId", "engine", "sourceRevision", "isOutdated", "reviewState", "reviewerId")
          VALUES (${row.kind}, ${row.contentId}, ${row.language}, ${row.title}, ${row.summary}, ${row.body},
            ${row.origin}, ${row.translatorId}, ${row.engine}, ${sourceRevision}, false, ${state}, ${reviewerId})
          ON CONFLICT ("kind", "contentId", "language") DO UPDATE SET "title" = EXCLUDED."title",
            "summary" = EXCLUDED."summary", "body" = EXCLUDED."body", "origin" = EXCLUDED."origin",
            "translatorId" = EXCLUDED."translatorId", "engine" = EXCLUDED."engine",
            "sourceRevision" = EXCLUDED."sourceRevision", "isOutdated" = false,
            "reviewState" = EXCLUDED."reviewState", "reviewerId" = EXCLUDED."reviewerId", "updatedAt" = now()`,
    );
  }

  /**
   * Removes, in the caller's transaction, the versions of one content in languages other than `languages`,
   * but for human translations awaiting review (they stay for their reviewers).
   */
  async retainShown(m: EntityManager, kind: string, contentId: string, languages: string[]): Promise<void> {
    await query(
      m,
      sql`DELETE FROM content_version WHERE "kind" = ${kind} AND "contentId" = ${contentId}
            AND NOT ("language" = ANY(${languages}::varchar[]))
            AND NOT ("reviewState" = 'UNREVIEWED' AND "origin" <> 'MACHINE')`,
    );
  }

  /** Whether the record is visible only to networks (then never sent to the engine unless allowed). */
  async networkOnly(m: EntityManager | DataSource, kind: string, contentId: string): Promise<boolean> {
    const k = VERSIONED_KINDS[kind];
    if (!k) return true;
    const [row] = await query<{ only: boolean }>(
      m,
      sql`SELECT (${raw(k.networkOnlySql)}) AS "only" FROM ${raw(`"${k.table}"`)} WHERE "id" = ${contentId}`,
    );
    return row ? row.only : true;
  }
}

function viewOf(v: ContentVersionEntity, others: string[]): VersionView {
  return Object.assign(new VersionView(), {
    kind: v.kind,
    contentId: v.contentId,
    language: v.language,
    title: v.title,
    summary: v.summary,
    body: v.body,
    origin: v.origin,
    translatorId: v.translatorId,
    engine: v.engine,
    sourceRevision: v.sourceRevision,
    isOutdated: v.isOutdated,
    reviewState: v.reviewState,
    availableLanguages: others,
  });
}
