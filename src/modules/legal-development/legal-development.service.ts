import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { empty, list, raw, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import type { Page } from '../../common/relay/pagination';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { checkDate, checkNotBlank, checkUrl, refuseNulls } from '../../common/validation/values';
import type { ReferenceCatalog } from '../reference';
import { canWriteContent } from '../practitioner';
import type { InstrumentService } from '../instrument';
import { INSTRUMENT_TYPE } from '../instrument';
import { ReviewDecision } from '../content';
import { checkThematicAreas } from '../content';
import { checkReviewNote, decideReview, recordReviewDecision, recordReviewStep } from '../content';
import type { ReviewVocabulary } from '../content';
import {
  LegalDevelopmentEntity,
  LegalDevelopmentInstrumentEntity,
  LegalDevelopmentTransitionEntity,
} from './legal-development.entity';
import {
  LegalDevelopmentAction,
  LegalDevelopmentKind,
  LegalDevelopmentStatus,
  PAST_DATED_KINDS,
} from './legal-development.enums';
import type {
  LegalDevelopmentFilter,
  ProposeLegalDevelopmentInput,
  UpdateLegalDevelopmentInput,
} from './legal-development.inputs';
import {
  canReviewLegalDevelopment,
  canViewLegalDevelopment,
  editRefusal,
  listedLegalDevelopmentSql,
  mayPublishDirectly,
} from './legal-development.policy';
import { ModerationLogAction, TargetType } from '../moderation-log';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';

/** Legal developments under the shared review rules (the same decisions and transitions as posts). */
export const LEGAL_DEVELOPMENT_REVIEW: ReviewVocabulary<LegalDevelopmentStatus, LegalDevelopmentAction> = {
  noun: 'legal development',
  pending: LegalDevelopmentStatus.PENDING_REVIEW,
  published: LegalDevelopmentStatus.PUBLISHED,
  outcomes: {
    [ReviewDecision.APPROVE]: LegalDevelopmentStatus.PUBLISHED,
    [ReviewDecision.REQUEST_CHANGES]: LegalDevelopmentStatus.CHANGES_REQUESTED,
    [ReviewDecision.REJECT]: LegalDevelopmentStatus.REJECTED,
  },
  actions: {
    [ReviewDecision.APPROVE]: LegalDevelopmentAction.APPROVE,
    [ReviewDecision.REQUEST_CHANGES]: LegalDevelopmentAction.REQUEST_CHANGES,
    [ReviewDecision.REJECT]: LegalDevelopmentAction.REJECT,
  },
  history: { entity: LegalDevelopmentTransitionEntity, contentColumn: 'legalDevelopmentId' },
  log: {
    targetType: TargetType.LEGAL_DEVELOPMENT,
    actions: {
      [ReviewDecision.APPROVE]: ModerationLogAction.LEGAL_DEVELOPMENT_APPROVED,
      [ReviewDecision.REQUEST_CHANGES]: ModerationLogAction.LEGAL_DEVELOPMENT_CHANGES_REQUESTED,
      [ReviewDecision.REJECT]: ModerationLogAction.LEGAL_DEVELOPMENT_REJECTED,
    },
  },
};

/** A validated filter, usable both in SQL (lists) and in memory (the live subscription). */
export interface ResolvedLegalFilter {
  /** Jurisdiction countries (from countryCodes and regionCodes); null for any. */
  countries: Set<string> | null;
  areas: string[] | null;
  kinds: LegalDevelopmentKind[] | null;
  instrumentIds: string[] | null;
  from: string | null;
  to: string | null;
}

/** What one published event needs, loaded once per event on this instance and shared by its subscribers. */
export interface PublishedLegalDevelopmentEvent {
  legalDevelopment: LegalDevelopmentEntity;
  instrumentIds: string[];
}

export type LegalDevelopmentOrder = 'date' | 'published';

/** Listed developments newest first: by effective date, or by publication (the home feed's order); then id. */
const LEGAL_DEVELOPMENT_ORDERS: Record<LegalDevelopmentOrder, Keyset<LegalDevelopmentEntity>> = {
  date: new Keyset<LegalDevelopmentEntity>(
    [
      { column: 'ld."effectiveDate"', kind: 'date' },
      { column: 'ld."id"', kind: 'uuid' },
    ],
    'DESC',
    (ld) => [ld.effectiveDate, ld.id],
  ),
  published: new Keyset<LegalDevelopmentEntity>(
    [
      { column: 'ld."publishedAt"', kind: 'timestamp' },
      { column: 'ld."id"', kind: 'uuid' },
    ],
    'DESC',
    (ld) => [ld.publishedAt!.toISOString(), ld.id],
  ),
};

/** The fields of a development as validated before they are written. */
export interface LegalDevelopmentContent {
  kind: LegalDevelopmentKind;
  title: string;
  summary: string;
  body: string;
  jurisdictionCountryCode: string | null;
  jurisdictionBody: string | null;
  effectiveDate: string;
  citation: string;
  sourceUrl: string | null;
  language: string;
  thematicAreaCodes: string[];
}

/** Legal developments: proposal, review (shared rules), direct publication, lists and live events. */
export class LegalDevelopmentService {
  private readonly events = new Map<string, Promise<PublishedLegalDevelopmentEvent | null>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly instruments: InstrumentService,
    /** Publications record `legal-development.published` (live event, notifications) in a unit of work. */
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
  ) {}

  // ----- validation ---------------------------------------------------------------------------------------

  checkCountry(code: string, field: string): string {
    const upper = code.trim().toUpperCase();
    if (!this.catalog.country(upper))
      throw new BadUserInputError(`Unknown country code ${code}.`, [
        { field, message: 'is not a known ISO 3166-1 alpha-2 code' },
      ]);
    return upper;
  }

  private checkAreas(codes: string[], field: string): string[] {
    return checkThematicAreas(this.catalog, codes, field);
  }

  /** Checks a complete development (after applying a patch) and normalises it. */
  private checkContent(c: LegalDevelopmentContent): LegalDevelopmentContent {
    if (!c.jurisdictionCountryCode === !c.jurisdictionBody)
      throw new BadUserInputError('Give exactly one jurisdiction: a countryCode or a jurisdictionBody.', [
        { field: 'countryCode', message: 'give either countryCode or jurisdictionBody' },
      ]);
    return {
      ...c,
      title: checkNotBlank(c.title, 'title'),
      summary: c.summary.trim(),
      citation: c.citation.trim(),
      jurisdictionCountryCode: c.jurisdictionCountryCode
        ? this.checkCountry(c.jurisdictionCountryCode, 'countryCode')
        : null,
      jurisdictionBody: c.jurisdictionBody ? checkNotBlank(c.jurisdictionBody, 'jurisdictionBody') : null,
      effectiveDate: checkDate(c.effectiveDate, 'effectiveDate', {
        notInFuture: PAST_DATED_KINDS.includes(c.kind) ? `a ${c.kind} is dated when it happened.` : undefined,
      }),
      sourceUrl: c.sourceUrl ? checkUrl(c.sourceUrl, 'sourceUrl') : null,
      thematicAreaCodes: this.checkAreas(c.thematicAreaCodes, 'thematicAreaCodes'),
    };
  }

  /** Validates a list filter (unknown codes and malformed dates or ids are BAD_USER_INPUT). */
  resolveFilter(filter: LegalDevelopmentFilter | null | undefined): ResolvedLegalFilter {
    let countries: Set<string> | null = null;
    if (filter?.countryCodes?.length || filter?.regionCodes?.length) {
      countries = new Set(
        (filter.countryCodes ?? []).map((c) => this.checkCountry(c, 'filter.countryCodes')),
      );
      for (const region of filter.regionCodes ?? []) {
        if (!this.catalog.region(region))
          throw new BadUserInputError(`Unknown M49 region code ${region}.`, [
            { field: 'filter.regionCodes', message: 'is not a UN M49 area code' },
          ]);
        for (const c of this.catalog.countries.values())
          if (this.catalog.inRegion(c, region)) countries.add(c.code);
      }
    }
    const from = filter?.from ? checkDate(filter.from, 'filter.from') : null;
    const to = filter?.to ? checkDate(filter.to, 'filter.to') : null;
    if (from && to && from > to)
      throw new BadUserInputError('filter.from must not be after filter.to.', [
        { field: 'filter.from', message: 'must not be after filter.to' },
      ]);
    return {
      countries,
      areas: filter?.thematicAreaCodes?.length
        ? this.checkAreas(filter.thematicAreaCodes, 'filter.thematicAreaCodes')
        : null,
      kinds: filter?.kinds?.length ? filter.kinds : null,
      instrumentIds: filter?.instrumentIds?.length
        ? filter.instrumentIds.map((g, i) => fromGlobalIdOf(INSTRUMENT_TYPE, g, `filter.instrumentIds[${i}]`))
        : null,
      from,
      to,
    };
  }

  /** The in-memory form of the filter, for live events (same meaning as applyFilter). */
  matches(f: ResolvedLegalFilter, ld: LegalDevelopmentEntity, instrumentIds: readonly string[]): boolean {
    if (f.countries && !(ld.jurisdictionCountryCode && f.countries.has(ld.jurisdictionCountryCode)))
      return false;
    if (f.areas && !f.areas.some((a) => ld.thematicAreaCodes.includes(a))) return false;
    if (f.kinds && !f.kinds.includes(ld.kind)) return false;
    if (f.instrumentIds && !f.instrumentIds.some((i) => instrumentIds.includes(i))) return false;
    if (f.from && ld.effectiveDate < f.from) return false;
    if (f.to && ld.effectiveDate > f.to) return false;
    return true;
  }

  /** The filter's conditions on alias `ld`, as `sql` fragments. */
  private filterSql(f: ResolvedLegalFilter): Sql[] {
    return [
      f.countries
        ? sql`ld."jurisdictionCountryCode" IN (${list(f.countries.size ? [...f.countries] : ['--'])})`
        : empty,
      f.areas ? sql`ld."thematicAreaCodes" && ARRAY[${list(f.areas)}]::text[]` : empty,
      f.kinds ? sql`ld."kind" IN (${list(f.kinds)})` : empty,
      f.instrumentIds
        ? sql`EXISTS (SELECT 1 FROM legal_development_instrument fli WHERE fli."legalDevelopmentId" = ld."id" AND fli."instrumentId" IN (${list(f.instrumentIds)}))`
        : empty,
      f.from ? sql`ld."effectiveDate" >= ${f.from}` : empty,
      f.to ? sql`ld."effectiveDate" <= ${f.to}` : empty,
    ];
  }

  // ----- writing ------------------------------------------------------------------------------------------

  /** With an idempotency key, a retry returns the development the first request created and writes nothing. */
  async propose(
    viewer: Viewer,
    input: ProposeLegalDevelopmentInput,
    idempotencyKey?: string | null,
  ): Promise<LegalDevelopmentEntity> {
    const load = (id: string) =>
      this.dataSource.getRepository(LegalDevelopmentEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(
      viewer.id,
      'proposeLegalDevelopment',
      idempotencyKey,
      input,
      load,
    );
    if (create.earlier) return create.earlier;
    if (!canWriteContent(viewer))
      throw new ForbiddenError(
        'Only verified members propose legal developments; your account is not verified.',
      );
    const direct = mayPublishDirectly(viewer);
    if (input.publishDirectly === true && !direct)
      throw new ForbiddenError('Only experts and moderators publish legal developments directly.');
    const publish = direct && input.publishDirectly !== false;
    const content = this.checkContent({
      kind: input.kind,
      title: input.title,
      summary: input.summary ?? '',
      body: input.body ?? '',
      jurisdictionCountryCode: input.countryCode ?? null,
      jurisdictionBody: input.jurisdictionBody ?? null,
      effectiveDate: input.effectiveDate,
      citation: input.citation ?? '',
      sourceUrl: input.sourceUrl ?? null,
      language: input.language,
      thematicAreaCodes: input.thematicAreaCodes ?? [],
    });
    const instrumentIds = await this.instruments.checkIds(input.instrumentIds ?? [], 'instrumentIds');
    const { result: created } = await create.run(async (manager, tx) => {
      const inserted = await this.insert(manager, viewer.id, content, instrumentIds, publish);
      if (publish) this.announce(tx, inserted.id);
      return inserted;
    });
    return created;
  }

  /**
   * Writes a new development with its instruments and its first history step, in the caller's transaction.
   * Also used by treaty actions (published at once).
   */
  async insert(
    manager: EntityManager,
    authorId: string,
    content: LegalDevelopmentContent,
    instrumentIds: string[],
    publish: boolean,
    isDemo = false,
  ): Promise<LegalDevelopmentEntity> {
    const status = publish ? LegalDevelopmentStatus.PUBLISHED : LegalDevelopmentStatus.PENDING_REVIEW;
    const ld = await manager.getRepository(LegalDevelopmentEntity).save(
      manager.create(LegalDevelopmentEntity, {
        ...content,
        authorId,
        status,
        // Application clock (millisecond precision) so that keyset cursors match rows exactly.
        publishedAt: publish ? new Date() : null,
        isDemo,
      }),
    );
    if (instrumentIds.length)
      await manager.insert(
        LegalDevelopmentInstrumentEntity,
        instrumentIds.map((instrumentId) => ({ legalDevelopmentId: ld.id, instrumentId })),
      );
    await recordReviewStep(manager, LEGAL_DEVELOPMENT_REVIEW, ld.id, {
      actorId: authorId,
      action: publish ? LegalDevelopmentAction.PUBLISH : LegalDevelopmentAction.SUBMIT,
      fromStatus: null,
      toStatus: status,
      note: null,
    });
    return ld;
  }

  /** A TREATY_ACTION development, published in the caller's transaction (announce it after the commit). */
  publishTreatyAction(
    manager: EntityManager,
    authorId: string,
    data: {
      title: string;
      summary: string;
      countryCode: string;
      date: string;
      sourceUrl: string | null;
      language: string;
      instrumentId: string;
      isDemo?: boolean;
    },
  ): Promise<LegalDevelopmentEntity> {
    return this.insert(
      manager,
      authorId,
      {
        kind: LegalDevelopmentKind.TREATY_ACTION,
        title: data.title,
        summary: data.summary,
        body: '',
        jurisdictionCountryCode: data.countryCode,
        jurisdictionBody: null,
        effectiveDate: data.date,
        citation: '',
        sourceUrl: data.sourceUrl,
        language: data.language,
        thematicAreaCodes: ['UNIVERSAL_LEGAL_FRAMEWORK'].filter((c) => this.catalog.thematicArea(c)),
      },
      [data.instrumentId],
      true,
      data.isDemo ?? false,
    );
  }

  private async lockVisible(
    manager: EntityManager,
    viewer: Viewer,
    id: string,
  ): Promise<LegalDevelopmentEntity> {
    const ld = await manager
      .getRepository(LegalDevelopmentEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!ld || !canViewLegalDevelopment(viewer, ld)) throw new NotFoundError('Legal development');
    return ld;
  }

  async update(
    viewer: Viewer,
    id: string,
    input: UpdateLegalDevelopmentInput,
  ): Promise<LegalDevelopmentEntity> {
    if (!canWriteContent(viewer))
      throw new ForbiddenError(
        'Only verified members edit legal developments; your account is not verified.',
      );
    refuseNulls(input, [
      'kind',
      'title',
      'summary',
      'body',
      'effectiveDate',
      'citation',
      'language',
      'thematicAreaCodes',
      'instrumentIds',
    ]);
    if (input.countryCode != null && input.jurisdictionBody != null)
      throw new BadUserInputError('Give exactly one jurisdiction: a countryCode or a jurisdictionBody.', [
        { field: 'countryCode', message: 'give either countryCode or jurisdictionBody' },
      ]);
    const instrumentIds = input.instrumentIds
      ? await this.instruments.checkIds(input.instrumentIds, 'instrumentIds')
      : null;
    const result = await this.dataSource.transaction(async (manager) => {
      const ld = await this.lockVisible(manager, viewer, id);
      const refusal = editRefusal(viewer, ld);
      if (refusal)
        throw refusal.code === 'FORBIDDEN'
          ? new ForbiddenError(refusal.message)
          : new ConflictError(refusal.message);
      const content = this.checkContent({
        kind: input.kind ?? ld.kind,
        title: input.title ?? ld.title,
        summary: input.summary ?? ld.summary,
        body: input.body ?? ld.body,
        jurisdictionCountryCode:
          input.countryCode != null
            ? input.countryCode
            : input.jurisdictionBody != null
              ? null
              : ld.jurisdictionCountryCode,
        jurisdictionBody:
          input.jurisdictionBody != null
            ? input.jurisdictionBody
            : input.countryCode != null
              ? null
              : ld.jurisdictionBody,
        effectiveDate: input.effectiveDate ?? ld.effectiveDate,
        citation: input.citation ?? ld.citation,
        sourceUrl: input.sourceUrl !== undefined ? input.sourceUrl || null : ld.sourceUrl,
        language: input.language ?? ld.language,
        thematicAreaCodes: input.thematicAreaCodes ?? ld.thematicAreaCodes,
      });
      Object.assign(ld, content);
      ld.editedAt = new Date();
      const resubmit = ld.status === LegalDevelopmentStatus.CHANGES_REQUESTED && ld.authorId === viewer.id;
      if (resubmit) ld.status = LegalDevelopmentStatus.PENDING_REVIEW;
      await manager.getRepository(LegalDevelopmentEntity).save(ld);
      if (instrumentIds) {
        await manager.delete(LegalDevelopmentInstrumentEntity, { legalDevelopmentId: id });
        if (instrumentIds.length)
          await manager.insert(
            LegalDevelopmentInstrumentEntity,
            instrumentIds.map((instrumentId) => ({ legalDevelopmentId: id, instrumentId })),
          );
      }
      if (resubmit)
        await recordReviewStep(manager, LEGAL_DEVELOPMENT_REVIEW, id, {
          actorId: viewer.id,
          action: LegalDevelopmentAction.SUBMIT,
          fromStatus: LegalDevelopmentStatus.CHANGES_REQUESTED,
          toStatus: LegalDevelopmentStatus.PENDING_REVIEW,
          note: null,
        });
      return ld;
    });
    return result;
  }

  async review(
    viewer: Viewer,
    id: string,
    decision: ReviewDecision,
    note: string | null,
  ): Promise<LegalDevelopmentEntity> {
    const cleanNote = checkReviewNote(note);
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const ld = await this.lockVisible(manager, viewer, id);
      const step = decideReview(
        LEGAL_DEVELOPMENT_REVIEW,
        viewer,
        { authorId: ld.authorId ?? '', status: ld.status },
        canReviewLegalDevelopment(viewer),
        decision,
      );
      ld.status = step.to;
      if (step.publishes) ld.publishedAt = new Date();
      await manager.getRepository(LegalDevelopmentEntity).save(ld);
      await recordReviewDecision(manager, LEGAL_DEVELOPMENT_REVIEW, viewer, id, decision, step, cleanNote);
      if (ld.status === LegalDevelopmentStatus.PUBLISHED) this.announce(tx, ld.id);
      return ld;
    });
  }

  /**
   * Records that a development has just been published, in the unit of work that publishes it: after the
   * commit, live subscribers hear of it and the followers of its country are notified.
   */
  announce(tx: Tx, legalDevelopmentId: string): void {
    tx.record('legal-development.published', { legalDevelopmentId });
  }

  // ----- reading ------------------------------------------------------------------------------------------

  /**
   * A keyset page of listed (published) developments: by effective date (`date`, newest first) or by
   * publication (`published`, for the home feed). `scope` narrows it with conditions on alias `ld`.
   */
  async listPublished(
    filter: ResolvedLegalFilter | null,
    conditions: Sql[],
    first: number,
    after: string | null | undefined,
    order: LegalDevelopmentOrder = 'date',
  ): Promise<Page<LegalDevelopmentEntity>> {
    const keyset = LEGAL_DEVELOPMENT_ORDERS[order];
    const qb = this.dataSource.getRepository(LegalDevelopmentEntity).createQueryBuilder('ld');
    return entityPage(qb, keyset, keyset.window({ first, after }), [
      raw(listedLegalDevelopmentSql('ld')),
      ...(filter ? this.filterSql(filter) : []),
      ...conditions,
    ]);
  }

  /**
   * Loads, once per event on this instance, what every subscriber's filter needs: two SQL statements
   * whatever the number of subscribers. Kept briefly so that every subscriber reuses it.
   */
  publishedEvent(
    eventId: string,
    legalDevelopmentId: string,
  ): Promise<PublishedLegalDevelopmentEvent | null> {
    let pending = this.events.get(eventId);
    if (!pending) {
      pending = this.loadEvent(legalDevelopmentId);
      this.events.set(eventId, pending);
      setTimeout(() => this.events.delete(eventId), 30_000).unref();
    }
    return pending;
  }

  private async loadEvent(id: string): Promise<PublishedLegalDevelopmentEvent | null> {
    const [ld, links] = await Promise.all([
      this.dataSource.getRepository(LegalDevelopmentEntity).findOneBy({ id }),
      this.dataSource.getRepository(LegalDevelopmentInstrumentEntity).findBy({ legalDevelopmentId: id }),
    ]);
    if (!ld || !canViewLegalDevelopment(null, ld)) return null;
    return { legalDevelopment: ld, instrumentIds: links.map((l) => l.instrumentId) };
  }
}
