import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError, ForbiddenError } from '../../common/errors/errors';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { checkDate, checkNotBlank, checkUrl, refuseNulls } from '../../common/validation/values';
import type { ReferenceCatalog } from '../reference';
import { canWriteContent } from '../practitioner';
import type { InstrumentService } from '../instrument';
import { checkThematicAreas } from '../content';
import { recordReviewStep } from '../content';
import { LegalDevelopmentEntity, LegalDevelopmentInstrumentEntity } from './legal-development.entity';
import {
  LegalDevelopmentAction,
  LegalDevelopmentKind,
  LegalDevelopmentStatus,
  PAST_DATED_KINDS,
} from './legal-development.enums';
import type { ProposeLegalDevelopmentInput, UpdateLegalDevelopmentInput } from './legal-development.inputs';
import { editRefusal, mayPublishDirectly } from './legal-development.policy';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { checkLegalCountry } from './legal-development-filter';
import {
  LEGAL_DEVELOPMENT_REVIEW,
  announceLegalDevelopment,
  lockVisibleLegalDevelopment,
} from './legal-development-review.service';

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

/**
 * Legal developments written: proposal, direct publication, treaty actions, edits. Review is
 * `LegalDevelopmentReviewService`, lists and live events `LegalDevelopmentQueryService`, the filter
 * `legal-development-filter.ts`.
 */
export class LegalDevelopmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly instruments: InstrumentService,
    private readonly idempotency: IdempotencyService,
    private readonly uow: UnitOfWork,
  ) {}

  // ----- validation ---------------------------------------------------------------------------------------

  checkCountry(code: string, field: string): string {
    return checkLegalCountry(this.catalog, code, field);
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

  async update(
    viewer: Viewer,
    id: string,
    input: Omit<UpdateLegalDevelopmentInput, 'id'>,
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
    const result = await this.uow.run(async (tx) => {
      const { manager } = tx;
      const ld = await lockVisibleLegalDevelopment(manager, viewer, id);
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
      // A published development's home-feed audience follows its jurisdiction and areas (the feed module
      // adds it to the timelines of readers it now reaches, in this transaction).
      const audienceChanged =
        ld.status === LegalDevelopmentStatus.PUBLISHED &&
        (content.jurisdictionCountryCode !== ld.jurisdictionCountryCode ||
          [...content.thematicAreaCodes].sort().join() !== [...ld.thematicAreaCodes].sort().join());
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
      if (audienceChanged) tx.record('legal-development.audience-changed', { legalDevelopmentId: id });
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

  /**
   * Records that a development has just been published, in the unit of work that publishes it: after the
   * commit, live subscribers hear of it and the followers of its country are notified.
   */
  announce(tx: Tx, legalDevelopmentId: string): void {
    announceLegalDevelopment(tx, legalDevelopmentId);
  }
}
