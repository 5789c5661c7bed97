import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Public } from '../../common/auth/auth-checker';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { Role } from '../../common/auth/role';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { Country } from '../reference';
import type { ReferenceCatalog } from '../reference';
import type { CountryEntity } from '../reference';
import { Practitioner } from '../practitioner';
import { canViewPractitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { InstrumentEntity, MAX_INSTRUMENTS } from './instrument.entity';
import { TreatyStatusEntity } from './instrument.entity';
import type { TreatyStatusHistoryEntity } from './instrument.entity';
import {
  CreateInstrumentInput,
  InstrumentFilter,
  RecordTreatyActionInput,
  TreatyStatusFilter,
  UpdateInstrumentInput,
} from './instrument.inputs';
import { canViewTreatyData } from './instrument.policy';
import { INSTRUMENT_TYPE } from './instrument.service';
import type { InstrumentService } from './instrument.service';
import type { TreatyService } from './treaty.service';
import {
  Instrument,
  InstrumentConnection,
  RecordTreatyActionPayload,
  TREATY_STATUS_TYPE,
  TreatyMatrix,
  TreatyStatus,
  TreatyStatusChange,
} from './instrument.types';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ListSize, MAX_HISTORY_ITEMS, latestHistory } from '../../common/limits/list-size';
import { REFERENCE_LIST_BOUNDS } from '../reference';
import { CreateInstrumentPayload, UpdateInstrumentPayload } from './instrument.payloads';

/** The Node declaration of this type (listed in the module manifest). */
export const instrumentNode = nodeType<InstrumentEntity>(INSTRUMENT_TYPE, {
  isTypeOf: (value) => value instanceof InstrumentEntity,
  byId: (ctx, id) => ctx.loaders.instrument.byId.load(id),
  canRead: () => canViewTreatyData(),
});

/** The Node declaration of treaty statuses (public, like the instruments). */
export const treatyStatusNode = nodeType<TreatyStatusEntity>(TREATY_STATUS_TYPE, {
  isTypeOf: (value) => value instanceof TreatyStatusEntity,
  byId: (ctx, id) => ctx.loaders.instrument.statusById.load(id),
  canRead: () => canViewTreatyData(),
});

@Resolver(() => Instrument)
export class InstrumentResolver {
  constructor(
    private readonly instrumentService: InstrumentService,
    private readonly treaties: TreatyService,
  ) {}

  @Public()
  @Query(() => InstrumentConnection, {
    description: 'Legal instruments, oldest first (by year adopted, then short name). Public.',
  })
  instruments(
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => InstrumentFilter, { nullable: true, description: 'Narrows the list.' })
    filter: InstrumentFilter | null,
  ): Promise<Page<InstrumentEntity>> {
    return this.instrumentService.list(filter, args);
  }

  @Public()
  @Query(() => TreatyMatrix, {
    description:
      'Which instruments bind both (or all) of these countries: each instrument’s status in each country, and ' +
      'those binding every one of them. Answered in a constant number of statements. Public.',
  })
  treatyMatrix(
    @Arg('countryCodes', () => [String], { description: '2 to 50 ISO 3166-1 alpha-2 codes, no repeats.' })
    countryCodes: string[],
    @Arg('instrumentIds', () => [ID], {
      nullable: true,
      description: 'Only these instruments (up to 200); every instrument when omitted.',
    })
    instrumentIds: string[] | null,
  ): Promise<TreatyMatrix> {
    return this.treaties.matrix(countryCodes, instrumentIds);
  }

  @Authorized(Role.ADMIN)
  @RateLimit('moderation')
  @Mutation(() => CreateInstrumentPayload, { description: 'Adds an instrument (admins).' })
  async createInstrument(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateInstrumentInput, { description: 'The instrument.' })
    input: CreateInstrumentInput,
  ): Promise<CreateInstrumentPayload> {
    return { instrument: await this.instrumentService.create(viewer, input) };
  }

  @Authorized(Role.ADMIN)
  @RateLimit('moderation')
  @Mutation(() => UpdateInstrumentPayload, { description: 'Edits an instrument (admins).' })
  async updateInstrument(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateInstrumentInput, { description: 'The instrument and the changes.' })
    { id, ...changes }: UpdateInstrumentInput,
  ): Promise<UpdateInstrumentPayload> {
    return {
      instrument: await this.instrumentService.update(viewer, fromGlobalIdOf(INSTRUMENT_TYPE, id), changes),
    };
  }

  @Authorized(Role.EXPERT, Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => RecordTreatyActionPayload, {
    description:
      'Records a country’s action on an instrument (moderators and verified experts): it becomes the current ' +
      'status, is kept in the history, and publishes a TREATY_ACTION legal development, in one transaction.',
  })
  recordTreatyAction(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RecordTreatyActionInput, { description: 'The action.' })
    input: RecordTreatyActionInput,
  ): Promise<RecordTreatyActionPayload> {
    return this.treaties.recordAction(viewer, input);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() instrument: InstrumentEntity): string {
    return toGlobalId(INSTRUMENT_TYPE, instrument.id);
  }

  @ListSize(REFERENCE_LIST_BOUNDS.countries)
  @FieldResolver(() => [TreatyStatus], {
    description: 'Countries’ current statuses towards it (recorded ones only), by country code.',
  })
  statuses(
    @Root() instrument: InstrumentEntity,
    @Ctx() ctx: Context,
    @Arg('filter', () => TreatyStatusFilter, { nullable: true, description: 'Narrows the statuses.' })
    filter: TreatyStatusFilter | null,
  ): Promise<TreatyStatusEntity[]> {
    return ctx.loaders.instrument
      .statusesOfInstrument(this.treaties.resolveFilter(filter))
      .load(instrument.id);
  }
}

@Resolver(() => TreatyStatus)
export class TreatyStatusResolver {
  constructor(private readonly catalog: ReferenceCatalog) {}

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() s: TreatyStatusEntity): string {
    return toGlobalId(TREATY_STATUS_TYPE, s.id);
  }

  @FieldResolver(() => Country, { description: 'The country.' })
  country(@Root() s: TreatyStatusEntity): CountryEntity {
    return this.catalog.country(s.countryCode)!;
  }

  @FieldResolver(() => Instrument, { description: 'The instrument.' })
  async instrument(@Root() s: TreatyStatusEntity, @Ctx() ctx: Context): Promise<InstrumentEntity> {
    return (await ctx.loaders.instrument.byId.load(s.instrumentId))!;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who recorded it; null if their profile is not visible to you.',
  })
  async recordedBy(@Root() s: TreatyStatusEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    if (!s.recordedById) return null;
    const p = await ctx.loaders.practitioner.byId.load(s.recordedById);
    return p && canViewPractitioner(ctx.viewer, p) ? p : null;
  }

  @ListSize(MAX_HISTORY_ITEMS)
  @FieldResolver(() => [TreatyStatusChange], {
    description: `The recorded actions of this country on it, oldest first (the latest ${MAX_HISTORY_ITEMS}).`,
  })
  async history(@Root() s: TreatyStatusEntity, @Ctx() ctx: Context): Promise<TreatyStatusHistoryEntity[]> {
    return latestHistory(await ctx.loaders.instrument.history.load(`${s.countryCode}|${s.instrumentId}`));
  }
}

@Resolver(() => Country)
export class CountryTreatyStatusesResolver {
  @ListSize(MAX_INSTRUMENTS)
  @FieldResolver(() => [TreatyStatus], {
    description:
      'The country’s current statuses towards instruments (recorded ones only), oldest instrument first.',
  })
  treatyStatuses(@Root() country: CountryEntity, @Ctx() ctx: Context): Promise<TreatyStatusEntity[]> {
    return ctx.loaders.instrument.statusesOfCountry.load(country.code);
  }
}
