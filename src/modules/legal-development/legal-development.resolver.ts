import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { filter as filterEvents, pipe } from '../../common/pubsub/async-iterables';
import type { Context } from '../../common/context';
import { COMMUNITY } from '../../common/auth/role';
import { Public } from '../../common/auth/auth-checker';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import type { Topics } from '../../common/pubsub/pubsub';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { Country, ThematicArea } from '../reference';
import type { ReferenceCatalog } from '../reference';
import type { CountryEntity, ThematicAreaEntity } from '../reference';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { Instrument, RecordTreatyActionPayload } from '../instrument';
import type { InstrumentEntity } from '../instrument';
import { LegalDevelopmentEntity } from './legal-development.entity';
import type { LegalDevelopmentTransitionEntity } from './legal-development.entity';
import {
  ReviewLegalDevelopmentInput,
  LegalDevelopmentFilter,
  ProposeLegalDevelopmentInput,
  UpdateLegalDevelopmentInput,
} from './legal-development.inputs';
import {
  ProposeLegalDevelopmentPayload,
  ReviewLegalDevelopmentPayload,
  UpdateLegalDevelopmentPayload,
} from './legal-development.payloads';
import { canReviewLegalDevelopment, canViewLegalDevelopment } from './legal-development.policy';
import type { LegalDevelopmentService } from './legal-development.service';
import type { LegalDevelopmentReviewService } from './legal-development-review.service';
import type { LegalDevelopmentQueryService } from './legal-development-query.service';
import { matchesLegalFilter } from './legal-development-filter';
import {
  LegalDevelopment,
  LegalDevelopmentConnection,
  LegalDevelopmentTransition,
} from './legal-development.types';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ListSize, MAX_HISTORY_ITEMS } from '../../common/limits/list-size';
import { resolvePage } from '../../common/relay/batched-connection';
import { LEGAL_DEVELOPMENT_LIST_BOUNDS } from './legal-development.inputs';
import { thematicAreasOf, visibleAuthor, visibleHistory } from '../content';

declare module '../../common/context' {
  interface ContextServices {
    legalDevelopmentQueries: LegalDevelopmentQueryService;
  }
}

export const LEGAL_DEVELOPMENT_TYPE = 'LegalDevelopment';

/** Loads a legal development for the viewer through the request's loaders, applying canViewLegalDevelopment. */
export async function loadVisibleLegalDevelopment(
  ctx: Context,
  id: string,
): Promise<LegalDevelopmentEntity | null> {
  const ld = await ctx.loaders.legalDevelopment.byId.load(id);
  return ld && canViewLegalDevelopment(ctx.viewer, ld) ? ld : null;
}

/** The Node declaration of this type (listed in the module manifest). */
export const legalDevelopmentNode = nodeType<LegalDevelopmentEntity>(LEGAL_DEVELOPMENT_TYPE, {
  isTypeOf: (value) => value instanceof LegalDevelopmentEntity,
  byId: (ctx, id) => ctx.loaders.legalDevelopment.byId.load(id),
  canRead: (ctx, ld) => canViewLegalDevelopment(ctx.viewer, ld),
});

const FILTER_ARG = { nullable: true, description: 'Narrows the developments.' } as const;

type LegalEvent = Topics['LEGAL_DEVELOPMENT_PUBLISHED'][0];

@Resolver(() => LegalDevelopment)
export class LegalDevelopmentResolver {
  constructor(
    private readonly service: LegalDevelopmentService,
    private readonly reviews: LegalDevelopmentReviewService,
    private readonly queries: LegalDevelopmentQueryService,
    private readonly catalog: ReferenceCatalog,
  ) {}

  @Public()
  @Query(() => LegalDevelopmentConnection, {
    description: 'Published legal developments, newest by effective date first (keyset pagination). Public.',
  })
  legalDevelopments(
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => LegalDevelopmentFilter, FILTER_ARG) filter: LegalDevelopmentFilter | null,
  ): Promise<Page<LegalDevelopmentEntity>> {
    return this.queries.listPublished(this.queries.resolveFilter(filter), [], args);
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => ProposeLegalDevelopmentPayload, {
    description:
      'Proposes a legal development (verified members): it awaits review, except from experts and moderators, ' +
      'whose developments are published at once (unless `publishDirectly: false`).',
  })
  async proposeLegalDevelopment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ProposeLegalDevelopmentInput, { description: 'The development.' })
    { idempotencyKey, ...development }: ProposeLegalDevelopmentInput,
  ): Promise<ProposeLegalDevelopmentPayload> {
    return { legalDevelopment: await this.service.propose(viewer, development, idempotencyKey) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => UpdateLegalDevelopmentPayload, {
    description:
      'Edits a legal development: its author while PENDING_REVIEW or CHANGES_REQUESTED (the latter submits it ' +
      'again), experts their own published ones, moderators any.',
  })
  async updateLegalDevelopment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateLegalDevelopmentInput, {
      description: 'The legal development and the changes.',
    })
    { id, ...changes }: UpdateLegalDevelopmentInput,
  ): Promise<UpdateLegalDevelopmentPayload> {
    const legalDevelopment = await this.service.update(
      viewer,
      fromGlobalIdOf(LEGAL_DEVELOPMENT_TYPE, id),
      changes,
    );
    return { legalDevelopment };
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => ReviewLegalDevelopmentPayload, {
    description:
      'Reviews a PENDING_REVIEW legal development (moderators; never their own), with the same decisions as posts.',
  })
  async reviewLegalDevelopment(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ReviewLegalDevelopmentInput, {
      description: 'The legal development and the decision.',
    })
    { id, decision, note }: ReviewLegalDevelopmentInput,
  ): Promise<ReviewLegalDevelopmentPayload> {
    const legalDevelopment = await this.reviews.review(
      viewer,
      fromGlobalIdOf(LEGAL_DEVELOPMENT_TYPE, id),
      decision,
      note ?? null,
    );
    return { legalDevelopment };
  }

  @Public()
  @Subscription(() => LegalDevelopment, {
    description:
      'Each legal development at the moment it is published (proposal approved, direct publication, treaty ' +
      'action) that matches the filter (the same filter as `legalDevelopments`). Open to everyone.',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      const service = ctx.services.legalDevelopmentQueries;
      // Validated once, when subscribing: a bad filter fails the subscription with BAD_USER_INPUT.
      const resolved = service.resolveFilter((args as { filter?: LegalDevelopmentFilter | null }).filter);
      return pipe(
        ctx.pubSub.subscribe('LEGAL_DEVELOPMENT_PUBLISHED'),
        filterEvents(async (event: LegalEvent) => {
          const loaded = await service.publishedEvent(event.eventId, event.legalDevelopmentId);
          return !!loaded && matchesLegalFilter(resolved, loaded.legalDevelopment, loaded.instrumentIds);
        }),
      );
    },
  })
  async legalDevelopmentPublished(
    @Root() event: LegalEvent,
    @Ctx() ctx: Context,
    @Arg('filter', () => LegalDevelopmentFilter, FILTER_ARG) _filter: LegalDevelopmentFilter | null,
  ): Promise<LegalDevelopmentEntity> {
    const loaded = await ctx.services.legalDevelopmentQueries.loadedEvent(
      event.eventId,
      event.legalDevelopmentId,
    );
    // Share the records loaded once for the event with this subscriber's loaders.
    ctx.loaders.legalDevelopment.byId.prime(loaded!.legalDevelopment.id, loaded!.legalDevelopment);
    ctx.loaders.legalDevelopment.instrumentIds.prime(loaded!.legalDevelopment.id, loaded!.instrumentIds);
    return loaded!.legalDevelopment;
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() ld: LegalDevelopmentEntity): string {
    return toGlobalId(LEGAL_DEVELOPMENT_TYPE, ld.id);
  }

  @FieldResolver(() => Country, {
    nullable: true,
    description: 'The country it concerns; null when the jurisdiction is an international or regional body.',
  })
  country(@Root() ld: LegalDevelopmentEntity): CountryEntity | null {
    return ld.jurisdictionCountryCode ? this.catalog.country(ld.jurisdictionCountryCode) : null;
  }

  @ListSize(LEGAL_DEVELOPMENT_LIST_BOUNDS.thematicAreas)
  @FieldResolver(() => [ThematicArea], { description: 'Thematic areas concerned.' })
  thematicAreas(@Root() ld: LegalDevelopmentEntity): ThematicAreaEntity[] {
    return thematicAreasOf(this.catalog, ld.thematicAreaCodes);
  }

  @ListSize(LEGAL_DEVELOPMENT_LIST_BOUNDS.instruments)
  @FieldResolver(() => [Instrument], { description: 'Related instruments.' })
  async instruments(@Root() ld: LegalDevelopmentEntity, @Ctx() ctx: Context): Promise<InstrumentEntity[]> {
    const ids = await ctx.loaders.legalDevelopment.instrumentIds.load(ld.id);
    const rows = await ctx.loaders.instrument.byId.loadMany(ids);
    return rows.filter((i): i is InstrumentEntity => !!i && !(i instanceof Error));
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who proposed or published it; null if their profile is not visible to you.',
  })
  async author(@Root() ld: LegalDevelopmentEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, ld.authorId);
  }

  @ListSize(MAX_HISTORY_ITEMS)
  @FieldResolver(() => [LegalDevelopmentTransition], {
    nullable: true,
    description: `Its review history, oldest first (the latest ${MAX_HISTORY_ITEMS}; when, what and the note). Author and moderators only; null for others.`,
  })
  async history(
    @Root() ld: LegalDevelopmentEntity,
    @Ctx() ctx: Context,
  ): Promise<LegalDevelopmentTransitionEntity[] | null> {
    return visibleHistory(ctx, ld.authorId, canReviewLegalDevelopment, () =>
      ctx.loaders.legalDevelopment.history.load(ld.id),
    );
  }
}

@Resolver(() => Country)
export class CountryLegalDevelopmentsResolver {
  @FieldResolver(() => LegalDevelopmentConnection, {
    description: 'Published legal developments of this country, newest by effective date first.',
  })
  async legalDevelopments(
    @Root() country: CountryEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<LegalDevelopmentEntity>> {
    const page = await ctx.loaders.legalDevelopment.countryPages.load({ ...args, parentId: country.code });
    return resolvePage(page, (rows) => ctx.loaders.legalDevelopment.byId.loadMany(rows.map((r) => r.id)));
  }
}

/** `RecordTreatyActionPayload.legalDevelopment` (here: legal developments depend on instruments, not back). */
@Resolver(() => RecordTreatyActionPayload)
export class TreatyActionLegalDevelopmentResolver {
  @FieldResolver(() => LegalDevelopment, {
    description: 'The TREATY_ACTION legal development published with it.',
  })
  legalDevelopment(@Root() payload: RecordTreatyActionPayload): LegalDevelopmentEntity {
    return payload.legalDevelopment;
  }
}
