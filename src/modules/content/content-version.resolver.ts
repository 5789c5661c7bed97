import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { filter, pipe } from '../../common/pubsub/async-iterables';
import type { Context } from '../../common/context';
import { COMMUNITY } from '../../common/auth/role';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { isVerified } from '../../common/auth/policy';
import {
  BadUserInputError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from '../../common/errors/errors';
import { Language } from '../../common/i18n/language';
import { fromGlobalId, toGlobalId } from '../../common/relay/global-id';
import { renderMarkdownOnce, RENDERED_HTML_NOTE } from '../../common/markdown/render-markdown';
import type { Topics } from '../../common/pubsub/pubsub';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { visibleAuthor } from './content.fields';
import { canReview } from './review.policy';
import { VersionOrigin, VersionReviewState } from './content-version.enums';
import type { ContentVersionService, VersionedContent, VersionView } from './content-version.service';
import { VERSIONED_KINDS } from './content-version.service';
import { contentVersionId } from './content-version.node';
import { ContentVersionEntity, TranslationRequestEntity } from './content-version.entity';
import {
  ContentVersion,
  RequestTranslationInput,
  RequestTranslationPayload,
  ReviewTranslationInput,
  ReviewTranslationPayload,
  SubmitTranslationInput,
  SubmitTranslationPayload,
} from './content-version.types';

/** A request's payload without the id the idempotency store keeps. */
function payloadOf(p: RequestTranslationPayload & { id: string }): RequestTranslationPayload {
  return { contentId: p.contentId, language: p.language, remainingToday: p.remainingToday };
}

/** At most this many machine translations per content and language per day. */
export const MACHINE_TRANSLATIONS_PER_DAY = 2;

/** The content a `contentId` names, if the viewer may read it and it has versions; NOT_FOUND otherwise. */
export async function readableContent(
  ctx: Context,
  contentId: string,
): Promise<{ kind: string; content: VersionedContent }> {
  const { typeName, id } = fromGlobalId(contentId, 'contentId');
  if (!VERSIONED_KINDS[typeName])
    throw new BadUserInputError('contentId does not name content with language versions.', [
      { field: 'contentId', message: 'has no language versions' },
    ]);
  // The kind's rules refuse content whose text is closed to the viewer (a locked lesson) as its text does.
  const content = await ctx.services.contentVersions.readable(ctx, typeName, id);
  if (!content) throw new NotFoundError('Content');
  return { kind: typeName, content };
}

type ReadyEvent = Topics['TRANSLATION_READY'][0];

/** Language versions: their fields, the translation mutations and `translationReady`. */
@Resolver(() => ContentVersion)
export class ContentVersionResolver {
  constructor(
    private readonly versions: ContentVersionService,
    private readonly uow: UnitOfWork,
    private readonly machine: { url: string | null; allowNetworkContent: boolean },
    private readonly idempotency: IdempotencyService,
  ) {}

  /** The payload of a stored translation request (a replay's answer too): its budget left today. */
  private async requestPayload(id: string): Promise<RequestTranslationPayload & { id: string }> {
    const manager = this.versions.manager;
    const r = await manager.findOneByOrFail(TranslationRequestEntity, { id });
    const used = await manager
      .createQueryBuilder(TranslationRequestEntity, 'r')
      .where('r.kind = :kind AND r."contentId" = :id AND r.language = :language', {
        kind: r.kind,
        id: r.contentId,
        language: r.language,
      })
      .andWhere(`r."createdAt" > now() - interval '1 day'`)
      .getCount();
    return {
      id,
      contentId: toGlobalId(r.kind, r.contentId),
      language: r.language as Language,
      remainingToday: Math.max(0, MACHINE_TRANSLATIONS_PER_DAY - used),
    };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier; do not parse it.' })
  id(@Root() v: VersionView): string {
    return contentVersionId(v);
  }

  @FieldResolver(() => String, { description: `The body as HTML. ${RENDERED_HTML_NOTE}` })
  bodyHtml(@Root() v: VersionView, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, v.body);
  }

  @FieldResolver(() => Boolean, { description: 'Machine output (MACHINE), to be labelled as such.' })
  isMachineTranslation(@Root() v: VersionView): boolean {
    return v.origin === VersionOrigin.MACHINE;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description:
      'Its author (the original) or translator; null for machine output or when not visible to you.',
  })
  translator(@Root() v: VersionView, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, v.translatorId);
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => SubmitTranslationPayload, {
    description:
      'Adds or replaces your translation of content you can read into another language (verified members). ' +
      'Translations of posts, legal developments and lessons wait for review (`reviewTranslation`) before ' +
      'other readers see them. NOT_FOUND if you cannot read the content (a lesson closed to you: FORBIDDEN ' +
      'with its LockReason, as `Lesson.body`); BAD_USER_INPUT for its own language.',
  })
  async submitTranslation(
    @Arg('input', () => SubmitTranslationInput, { description: 'What to do.' }) input: SubmitTranslationInput,
    @Ctx() ctx: Context,
  ): Promise<SubmitTranslationPayload> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError();
    if (!isVerified(viewer)) throw new ForbiddenError('Only verified members translate content.');
    const { kind, content } = await readableContent(ctx, input.contentId);
    if (input.language === content.language)
      throw new BadUserInputError('This is the language of the original.', [
        { field: 'language', message: 'is the language of the original' },
      ]);
    await this.uow.run((tx) =>
      this.versions.write(tx.manager, {
        kind,
        contentId: content.id,
        language: input.language,
        title: input.title.trim(),
        summary: input.summary ?? '',
        body: input.body ?? '',
        origin: input.postEdited ? VersionOrigin.MACHINE_POST_EDITED : VersionOrigin.HUMAN,
        translatorId: viewer.id,
        engine: null,
      }),
    );
    ctx.renewLoaders();
    return { version: (await this.versions.viewOne(ctx, kind, content, input.language)) as never };
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => ReviewTranslationPayload, {
    description:
      'Accepts (REVIEWED) or rejects (REJECTED) a translation: moderators, and the network moderators who ' +
      'review the content (a lesson: its course’s facilitators). Nobody reviews their own translation. ' +
      'NOT_FOUND if there is no such version.',
  })
  async reviewTranslation(
    @Arg('input', () => ReviewTranslationInput, { description: 'What to do.' }) input: ReviewTranslationInput,
    @Ctx() ctx: Context,
  ): Promise<ReviewTranslationPayload> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError();
    const { kind, content } = await readableContent(ctx, input.contentId);
    const scoped = await this.versions.reviewsLoaded(ctx, kind, content.id);
    if (!canReview(viewer, scoped)) throw new ForbiddenError('You may not review this translation.');
    const state = input.accept ? VersionReviewState.REVIEWED : VersionReviewState.REJECTED;
    await this.uow.run(async (tx) => {
      const v = await tx.manager.findOne(ContentVersionEntity, {
        where: { kind, contentId: content.id, language: input.language },
        lock: { mode: 'pessimistic_write' },
      });
      if (!v) throw new NotFoundError('Translation');
      if (v.translatorId === viewer.id) throw new ForbiddenError('Nobody reviews their own translation.');
      await tx.manager.update(
        ContentVersionEntity,
        { kind, contentId: content.id, language: input.language },
        { reviewState: state, reviewerId: viewer.id },
      );
    });
    ctx.renewLoaders();
    const stored = await this.versions.stored(kind, content, input.language);
    return { version: stored as never };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => RequestTranslationPayload, {
    description:
      'Asks the server’s machine-translation engine for a version of content you can read (verified members); ' +
      '`translationReady(contentId)` delivers it. FORBIDDEN when the server has no engine, and for content ' +
      'visible only to networks (unless the server allows it); RATE_LIMITED after two per content and ' +
      'language per day.',
  })
  async requestTranslation(
    @Arg('input', () => RequestTranslationInput, { description: 'What to do.' })
    input: RequestTranslationInput,
    @Ctx() ctx: Context,
  ): Promise<RequestTranslationPayload> {
    const viewer = ctx.viewer;
    if (!viewer) throw new UnauthenticatedError();
    if (!isVerified(viewer)) throw new ForbiddenError('Only verified members ask for translations.');
    // A retry under the same key answers what the first request created (before the checks, like every create).
    const create = await this.idempotency.begin(
      viewer.id,
      'requestTranslation',
      input.idempotencyKey,
      { contentId: input.contentId, language: input.language },
      (id) => this.requestPayload(id),
    );
    if (create.earlier) return payloadOf(create.earlier);
    if (!this.machine.url) throw new ForbiddenError('Machine translation is not enabled on this server.');
    const { kind, content } = await readableContent(ctx, input.contentId);
    if (input.language === content.language)
      throw new BadUserInputError('This is the language of the original.', [
        { field: 'language', message: 'is the language of the original' },
      ]);
    const { result } = await create.run(async (manager, tx) => {
      if (!this.machine.allowNetworkContent && (await this.versions.networkOnly(manager, kind, content.id)))
        throw new ForbiddenError('Content visible only to networks is not sent to machine translation.');
      // One request at a time per content and language counts against the daily budget.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
        `translation:${kind}:${content.id}:${input.language}`,
      ]);
      const used = await manager
        .createQueryBuilder(TranslationRequestEntity, 'r')
        .where('r.kind = :kind AND r."contentId" = :id AND r.language = :language', {
          kind,
          id: content.id,
          language: input.language,
        })
        .andWhere(`r."createdAt" > now() - interval '1 day'`)
        .getCount();
      if (used >= MACHINE_TRANSLATIONS_PER_DAY) throw new RateLimitedError(24 * 3600);
      const request = await manager.save(
        manager.create(TranslationRequestEntity, {
          kind,
          contentId: content.id,
          language: input.language,
          requesterId: viewer.id,
        }),
      );
      tx.record('translation.requested', {
        requestId: request.id,
        kind,
        contentId: content.id,
        language: input.language,
      });
      return {
        id: request.id,
        contentId: input.contentId,
        language: input.language,
        remainingToday: MACHINE_TRANSLATIONS_PER_DAY - used - 1,
      };
    });
    return payloadOf(result);
  }

  @Authorized(COMMUNITY)
  @Subscription(() => ContentVersion, {
    description:
      'The machine translations of one content as they become ready. NOT_FOUND if you cannot read the ' +
      'content when subscribing; nothing is delivered while you cannot.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      if (!ctx.viewer) throw new UnauthenticatedError();
      const { kind, content } = await readableContent(ctx, args.contentId as string);
      return pipe(
        ctx.pubSub.subscribe('TRANSLATION_READY'),
        filter(async (e: ReadyEvent) => {
          if (e.kind !== kind || e.contentId !== content.id) return false;
          ctx.renewLoaders();
          return !!(await ctx.services.contentVersions.readableOrNull(ctx, kind, content.id));
        }),
      );
    },
  })
  async translationReady(
    @Root() e: ReadyEvent,
    @Ctx() ctx: Context,
    @Arg('contentId', () => ID, { description: 'The content.' }) _contentId: string,
  ): Promise<VersionView> {
    const content = await this.versions.readable(ctx, e.kind, e.contentId);
    if (!content) throw new NotFoundError('Content');
    return this.versions.viewOne(ctx, e.kind, content, e.language);
  }
}

/**
 * The `version` field of one content type, for its module's resolvers (a content type gets language
 * versions by listing `VersionFieldResolver(Post, 'Post')`).
 */
export function VersionFieldResolver(objectType: ClassType, kind: string) {
  @Resolver(() => objectType)
  class VersionField {
    constructor(readonly versions: ContentVersionService) {}

    @FieldResolver(() => ContentVersion, {
      description:
        'The text in one language: `language` if it exists, else the first of your Accept-Language header, ' +
        'then of your preferred languages, that exists, else the original. `ContentVersion.language` says ' +
        'which was given and `availableLanguages` lists the others.',
    })
    async version(
      @Root() record: VersionedContent,
      @Ctx() ctx: Context,
      @Arg('language', () => Language, {
        nullable: true,
        description: 'The language wanted (else negotiated).',
      })
      language?: Language | null,
    ): Promise<VersionView> {
      // The kind's rules refuse text closed to the viewer (a locked lesson), as its other text fields do.
      return this.versions.negotiate(ctx, kind, await this.versions.textOf(ctx, kind, record), language);
    }
  }
  Object.defineProperty(VersionField, 'name', { value: `${kind}VersionFieldResolver` });
  return VersionField;
}
