import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import type { Context } from '../../common/context';
import type { Viewer } from '../../common/auth/viewer';
import { LANGUAGES } from '../../common/i18n/language';
import type { Language } from '../../common/i18n/language';
import { query, raw, sql } from '../../common/db/sql';
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
 * The content types that have language versions: their node type (`content_version.kind`), their table, and
 * when a record is visible only to networks (never sent to a machine-translation engine unless allowed).
 */
export const VERSIONED_KINDS: Readonly<Record<string, { table: string; networkOnlySql: string }>> = {
  Post: { table: 'post', networkOnlySql: `"visibility" = 'NETWORKS'` },
  LegalDevelopment: { table: 'legal_development', networkOnlySql: 'FALSE' },
  LiveEvent: { table: 'live_event', networkOnlySql: `"visibility" = 'NETWORKS'` },
  Course: { table: 'course', networkOnlySql: 'FALSE' },
  Publication: { table: 'publication', networkOnlySql: `"visibility" = 'NETWORKS'` },
};

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

  constructor(
    private readonly dataSource: DataSource,
    private readonly kinds: ContentKinds,
  ) {}

  /** Whether human translations of this kind wait for review before readers see them (as its content does). */
  requiresReview(kind: string): boolean {
    return !!this.kinds.all.find((k) => k.nodeType === kind)?.review;
  }

  /** The manager outside a transaction (reads of the translation requests). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Whether the viewer reviews this content as one of its network moderators (through the request's loaders). */
  async reviewsLoaded(ctx: Context, kind: string, contentId: string): Promise<boolean> {
    const review = this.kinds.all.find((k) => k.nodeType === kind)?.networkReview;
    return !!ctx.viewer && !!review && review.reviewsLoaded(ctx.loaders, ctx.viewer, contentId);
  }

  /** SQL: the version `alias` is shown to every reader of its content (not rejected; reviewed when needed). */
  publicSql(alias: string): string {
    const reviewed = this.kinds.all
      .filter((k) => k.review && VERSIONED_KINDS[k.nodeType])
      .map((k) => `'${k.nodeType}'`);
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

  /** Writes (or replaces) a translation, inside the caller's transaction. */
  async write(
    m: EntityManager,
    row: Pick<
      ContentVersionEntity,
      'kind' | 'contentId' | 'language' | 'title' | 'summary' | 'body' | 'origin' | 'translatorId' | 'engine'
    >,
  ): Promise<void> {
    const sourceRevision = await this.revision(m, row.kind, row.contentId);
    await query(
      m,
      sql`INSERT INTO content_version ("kind", "contentId", "language", "title", "summary", "body", "origin",
            "translatorId", "engine", "sourceRevision", "isOutdated", "reviewState", "reviewerId")
          VALUES (${row.kind}, ${row.contentId}, ${row.language}, ${row.title}, ${row.summary}, ${row.body},
            ${row.origin}, ${row.translatorId}, ${row.engine}, ${sourceRevision}, false, 'UNREVIEWED', NULL)
          ON CONFLICT ("kind", "contentId", "language") DO UPDATE SET "title" = EXCLUDED."title",
            "summary" = EXCLUDED."summary", "body" = EXCLUDED."body", "origin" = EXCLUDED."origin",
            "translatorId" = EXCLUDED."translatorId", "engine" = EXCLUDED."engine",
            "sourceRevision" = EXCLUDED."sourceRevision", "isOutdated" = false, "reviewState" = 'UNREVIEWED',
            "reviewerId" = NULL, "updatedAt" = now()`,
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
