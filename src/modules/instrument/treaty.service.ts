import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { and, list, namedSql, sql } from '../../common/db/sql';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ForbiddenError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import type { ReferenceCatalog } from '../reference';
import type { CountryEntity } from '../reference';
import type { LegalDevelopmentService } from '../legal-development';
import type { LegalDevelopmentEntity } from '../legal-development';
import {
  MATRIX_MAX_COUNTRIES,
  MAX_INSTRUMENTS,
  TreatyStatusEntity,
  TreatyStatusHistoryEntity,
} from './instrument.entity';
import type { InstrumentEntity } from './instrument.entity';
import { BINDING_STATUSES, TreatyStatusKind } from './instrument.enums';
import type { RecordTreatyActionInput, TreatyStatusFilter } from './instrument.inputs';
import { canRecordTreatyAction } from './instrument.policy';
import type { InstrumentService } from './instrument.service';
import { INSTRUMENT_TYPE } from './instrument.service';
import type { TreatyMatrix, TreatyMatrixRow } from './instrument.types';

const ACTION_WORDS: Record<TreatyStatusKind, string> = {
  [TreatyStatusKind.NONE]: 'is recorded as neither a signatory nor a party to',
  [TreatyStatusKind.SIGNED]: 'signed',
  [TreatyStatusKind.RATIFIED]: 'ratified',
  [TreatyStatusKind.ACCEDED]: 'acceded to',
  [TreatyStatusKind.SUCCEEDED]: 'succeeded to',
  [TreatyStatusKind.ACCEPTED_OR_APPROVED]: 'accepted or approved',
  [TreatyStatusKind.DENOUNCED]: 'denounced',
};

/** A validated treaty-status filter. */
export interface ResolvedStatusFilter {
  countries: string[] | null;
  statuses: TreatyStatusKind[] | null;
}

/** Treaty statuses: recording actions (with history and a legal development), lists and the matrix. */
export class TreatyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly instruments: InstrumentService,
    private readonly legalDevelopments: LegalDevelopmentService,
    /** A treaty action publishes a legal development: recorded in the same unit of work. */
    private readonly uow: UnitOfWork,
  ) {}

  resolveFilter(filter: TreatyStatusFilter | null | undefined): ResolvedStatusFilter {
    let countries: Set<string> | null = null;
    if (filter?.countryCodes?.length || filter?.regionCodes?.length) {
      countries = new Set((filter.countryCodes ?? []).map((c) => c.trim().toUpperCase()));
      for (const region of filter.regionCodes ?? []) {
        if (!this.catalog.region(region))
          throw new BadUserInputError(`Unknown M49 region code ${region}.`, [
            { field: 'filter.regionCodes', message: 'is not a UN M49 area code' },
          ]);
        for (const c of this.catalog.countries.values())
          if (this.catalog.inRegion(c, region)) countries.add(c.code);
      }
    }
    return {
      countries: countries ? [...countries] : null,
      statuses: filter?.statuses?.length ? filter.statuses : null,
    };
  }

  /** Current statuses of several instruments (one statement), by instrument id, sorted by country code. */
  async statusesOfInstruments(
    instrumentIds: readonly string[],
    filter: ResolvedStatusFilter,
  ): Promise<Map<string, TreatyStatusEntity[]>> {
    const where = [sql`s."instrumentId" IN (${list(instrumentIds)})`];
    if (filter.countries)
      where.push(sql`s."countryCode" IN (${list(filter.countries.length ? filter.countries : ['--'])})`);
    if (filter.statuses) where.push(sql`s."status" IN (${list(filter.statuses)})`);
    const rows = await this.dataSource
      .getRepository(TreatyStatusEntity)
      .createQueryBuilder('s')
      .where(...namedSql(and(where), 'w'))
      .orderBy('s."countryCode"', 'ASC')
      .getMany();
    const map = new Map<string, TreatyStatusEntity[]>();
    for (const r of rows) map.set(r.instrumentId, [...(map.get(r.instrumentId) ?? []), r]);
    return map;
  }

  /** Current statuses of several countries (one statement), by country code. */
  async statusesOfCountries(countryCodes: readonly string[]): Promise<Map<string, TreatyStatusEntity[]>> {
    const rows = await this.dataSource
      .getRepository(TreatyStatusEntity)
      .createQueryBuilder('s')
      .innerJoin('s.instrument', 'i')
      .where(...namedSql(sql`s."countryCode" IN (${list(countryCodes)})`, 'w'))
      .orderBy('i."yearAdopted"', 'ASC')
      .addOrderBy('i."shortName"', 'ASC')
      .getMany();
    const map = new Map<string, TreatyStatusEntity[]>();
    for (const r of rows) map.set(r.countryCode, [...(map.get(r.countryCode) ?? []), r]);
    return map;
  }

  /** The recorded actions of one country on one instrument, oldest first. */
  history(countryCode: string, instrumentId: string): Promise<TreatyStatusHistoryEntity[]> {
    return this.dataSource.getRepository(TreatyStatusHistoryEntity).find({
      where: { countryCode, instrumentId },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Records a country's action on an instrument: the current status is replaced, the action is appended
   * to the history, and a TREATY_ACTION legal development is published, all in one transaction; the live
   * event follows the commit.
   */
  async recordAction(
    viewer: Viewer,
    input: RecordTreatyActionInput,
  ): Promise<{ treatyStatus: TreatyStatusEntity; legalDevelopment: LegalDevelopmentEntity }> {
    if (!canRecordTreatyAction(viewer))
      throw new ForbiddenError('Only moderators and verified experts record treaty actions.');
    const countryCode = input.countryCode.trim().toUpperCase();
    const instrumentId = fromGlobalIdOf(INSTRUMENT_TYPE, input.instrumentId, 'instrumentId');
    if (!input.date && input.status !== TreatyStatusKind.NONE)
      throw new BadUserInputError('date is required for a treaty action (except NONE).', [
        { field: 'date', message: 'is required' },
      ]);
    const date = input.date || null;
    const sourceUrl = input.sourceUrl?.trim() || null;
    const note = input.note?.trim() || null;
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const instrument = await this.instruments.byId(instrumentId, manager);
      const repo = manager.getRepository(TreatyStatusEntity);
      const current = await repo.findOne({
        where: { countryCode, instrumentId },
        lock: { mode: 'pessimistic_write' },
      });
      const recordedAt = new Date();
      const values = {
        countryCode,
        instrumentId,
        status: input.status,
        date,
        reservations: input.reservations?.trim() ?? '',
        declarations: input.declarations?.trim() ?? '',
        sourceUrl,
        recordedById: viewer.id,
        recordedAt,
        isDemo: false,
      };
      // Concurrent first records of the same pair: the unique index makes the second one update instead.
      await manager
        .createQueryBuilder()
        .insert()
        .into(TreatyStatusEntity)
        .values({ ...values })
        .orUpdate(
          [
            'status',
            'date',
            'reservations',
            'declarations',
            'sourceUrl',
            'recordedById',
            'recordedAt',
            'isDemo',
          ],
          ['countryCode', 'instrumentId'],
        )
        .updateEntity(false)
        .execute();
      const treatyStatus = await repo.findOneByOrFail({ countryCode, instrumentId });
      const country = this.catalog.country(countryCode)!;
      const legalDevelopment = await this.legalDevelopments.publishTreatyAction(manager, viewer.id, {
        title: this.titleOf(country, input.status, instrument),
        summary: note ?? '',
        countryCode,
        date: date ?? recordedAt.toISOString().slice(0, 10),
        sourceUrl,
        language: input.language,
        instrumentId,
      });
      await manager.insert(TreatyStatusHistoryEntity, {
        ...values,
        fromStatus: current?.status ?? null,
        note,
        legalDevelopmentId: legalDevelopment.id,
      });
      this.legalDevelopments.announce(tx, legalDevelopment.id);
      return { treatyStatus, legalDevelopment };
    });
  }

  private titleOf(country: CountryEntity, status: TreatyStatusKind, instrument: InstrumentEntity): string {
    const title = `${country.names.en} ${ACTION_WORDS[status]} the ${instrument.shortName} (${instrument.yearAdopted})`;
    return [...title].slice(0, 300).join('');
  }

  /**
   * Which instruments bind which of the given countries (2 to 50), in three statements at most: the
   * instruments, the statuses, nothing per country or instrument.
   */
  async matrix(
    countryCodes: string[],
    instrumentGlobalIds: string[] | null | undefined,
  ): Promise<TreatyMatrix> {
    if (countryCodes.length < 2 || countryCodes.length > MATRIX_MAX_COUNTRIES)
      throw new BadUserInputError(`Give 2 to ${MATRIX_MAX_COUNTRIES} countries.`, [
        { field: 'countryCodes', message: `must list 2 to ${MATRIX_MAX_COUNTRIES} countries` },
      ]);
    const codes = countryCodes.map((c, i) => this.legalDevelopments.checkCountry(c, `countryCodes[${i}]`));
    if (new Set(codes).size !== codes.length)
      throw new BadUserInputError('countryCodes lists a country twice.', [
        { field: 'countryCodes', message: 'must not repeat a country' },
      ]);
    let instruments: InstrumentEntity[];
    if (instrumentGlobalIds?.length) {
      if (instrumentGlobalIds.length > MAX_INSTRUMENTS)
        throw new BadUserInputError(`Give at most ${MAX_INSTRUMENTS} instruments.`, [
          { field: 'instrumentIds', message: `must list at most ${MAX_INSTRUMENTS} instruments` },
        ]);
      const ids = await this.instruments.checkIds(instrumentGlobalIds, 'instrumentIds');
      const byId = new Map((await this.instruments.byIds(ids)).map((i) => [i.id, i]));
      instruments = [...new Set(ids)].map((id) => byId.get(id)!);
    } else {
      instruments = await this.instruments.all();
    }
    const statuses = instruments.length
      ? await this.statusesOfInstruments(
          instruments.map((i) => i.id),
          { countries: codes, statuses: null },
        )
      : new Map<string, TreatyStatusEntity[]>();
    const countries = codes.map((c) => this.catalog.country(c)!);
    const rows: TreatyMatrixRow[] = instruments.map((instrument) => {
      const byCountry = new Map((statuses.get(instrument.id) ?? []).map((s) => [s.countryCode, s]));
      const cells = countries.map((country) => {
        const record = byCountry.get(country.code) ?? null;
        const status = record?.status ?? TreatyStatusKind.NONE;
        return {
          country,
          status,
          date: record?.date ?? null,
          bound: BINDING_STATUSES.includes(status),
          record,
        };
      });
      return { instrument, cells, bindsAll: cells.every((c) => c.bound) };
    });
    return { countries, rows, bindingAll: rows.filter((r) => r.bindsAll).map((r) => r.instrument) };
  }
}
