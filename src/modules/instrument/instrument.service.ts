import type { DataSource, EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { list, query, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { entityPage, Keyset } from '../../common/relay/keyset';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { refuseNulls } from '../../common/validation/values';
import { InstrumentEntity, MAX_INSTRUMENTS } from './instrument.entity';
import { SEED_INSTRUMENTS } from './instrument.data';
import type { CreateInstrumentInput, InstrumentFilter, UpdateInstrumentInput } from './instrument.inputs';
import { canManageInstruments } from './instrument.policy';

export const INSTRUMENT_TYPE = 'Instrument';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.code === UNIQUE_VIOLATION || e?.driverError?.code === UNIQUE_VIOLATION;
}

/** The instrument catalogue: the seeded universal instruments and those admins add. */
/** Instruments oldest first: year, short name, id. */
const INSTRUMENT_ORDER = new Keyset<InstrumentEntity>(
  [
    { column: 'i."yearAdopted"', kind: 'smallint' },
    { column: 'i."shortName"', kind: 'string' },
    { column: 'i."id"', kind: 'uuid' },
  ],
  'ASC',
  (i) => [i.yearAdopted, i.shortName, i.id],
);

export class InstrumentService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates the seeded instruments that do not exist yet (run at every start-up): one SELECT when they all
   * exist. Fixed ids make it idempotent, also across instances starting together (ON CONFLICT DO NOTHING).
   */
  async ensureSeeded(): Promise<{ created: number }> {
    const ids = SEED_INSTRUMENTS.map((i) => i.id);
    const existing = await query<{ id: string }>(
      this.dataSource,
      sql`SELECT "id" FROM instrument WHERE "id" = ANY(${ids}::uuid[])`,
    );
    const known = new Set(existing.map((r) => r.id));
    const missing = SEED_INSTRUMENTS.filter((i) => !known.has(i.id));
    if (!missing.length) return { created: 0 };
    const result = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(InstrumentEntity)
      .values(missing)
      .orIgnore()
      .returning(['id'])
      .updateEntity(false)
      .execute();
    return { created: (result.raw as unknown[]).length };
  }

  /** Decodes instrument ids and checks they exist (NOT_FOUND otherwise). */
  async checkIds(globalIds: readonly string[], field: string, manager?: EntityManager): Promise<string[]> {
    const ids = globalIds.map((g, i) => fromGlobalIdOf(INSTRUMENT_TYPE, g, `${field}[${i}]`));
    if (!ids.length) return ids;
    const found = await (manager ?? this.dataSource.manager)
      .getRepository(InstrumentEntity)
      .count({ where: { id: In(ids) } });
    if (found !== new Set(ids).size) throw new NotFoundError('One of the instruments');
    return ids;
  }

  async byId(id: string, manager?: EntityManager): Promise<InstrumentEntity> {
    const found = await (manager ?? this.dataSource.manager)
      .getRepository(InstrumentEntity)
      .findOneBy({ id });
    if (!found) throw new NotFoundError('Instrument');
    return found;
  }

  byIds(ids: readonly string[]): Promise<InstrumentEntity[]> {
    return this.dataSource.getRepository(InstrumentEntity).findBy({ id: In([...ids]) });
  }

  /** Instruments oldest first (year, then short name), keyset on (yearAdopted, shortName, id). */
  async list(filter: InstrumentFilter | null | undefined, page: PageArgs): Promise<Page<InstrumentEntity>> {
    const where: Sql[] = [];
    if (filter?.categories?.length) where.push(sql`i."category" IN (${list(filter.categories)})`);
    const search = filter?.search?.trim();
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(sql`i."shortName" ILIKE ${pattern} OR i."title" ILIKE ${pattern}`);
    }
    const w = INSTRUMENT_ORDER.window(page);
    const qb = this.dataSource.getRepository(InstrumentEntity).createQueryBuilder('i');
    return entityPage(qb, INSTRUMENT_ORDER, w, where);
  }

  /** Every instrument, oldest first (for the treaty matrix when no instruments are named). */
  all(): Promise<InstrumentEntity[]> {
    return this.dataSource
      .getRepository(InstrumentEntity)
      .find({ order: { yearAdopted: 'ASC', shortName: 'ASC', id: 'ASC' } });
  }

  async create(viewer: Viewer, input: CreateInstrumentInput): Promise<InstrumentEntity> {
    if (!canManageInstruments(viewer)) throw new ForbiddenError('Only admins add instruments.');
    // Lists of instruments are priced at this bound (admins only: two racing adds may pass it by one).
    if ((await this.dataSource.getRepository(InstrumentEntity).count()) >= MAX_INSTRUMENTS)
      throw new ConflictError(`The catalog already holds ${MAX_INSTRUMENTS} instruments, its maximum.`);
    const row = this.dataSource.getRepository(InstrumentEntity).create({
      shortName: input.shortName.trim(),
      title: input.title.trim(),
      yearAdopted: input.yearAdopted,
      category: input.category,
      depositary: input.depositary?.trim() ?? '',
      sourceUrl: input.sourceUrl?.trim() || null,
      createdById: viewer.id,
    });
    try {
      return await this.dataSource.getRepository(InstrumentEntity).save(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.duplicate(row.shortName);
      throw err;
    }
  }

  async update(
    viewer: Viewer,
    id: string,
    input: Omit<UpdateInstrumentInput, 'id'>,
  ): Promise<InstrumentEntity> {
    if (!canManageInstruments(viewer)) throw new ForbiddenError('Only admins edit instruments.');
    refuseNulls(input, ['shortName', 'title', 'yearAdopted', 'category', 'depositary']);
    const row = await this.byId(id);
    if (input.shortName != null) row.shortName = input.shortName.trim();
    if (input.title != null) row.title = input.title.trim();
    if (input.yearAdopted != null) row.yearAdopted = input.yearAdopted;
    if (input.category != null) row.category = input.category;
    if (input.depositary != null) row.depositary = input.depositary.trim();
    if (input.sourceUrl !== undefined) row.sourceUrl = input.sourceUrl?.trim() || null;
    try {
      return await this.dataSource.getRepository(InstrumentEntity).save(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw this.duplicate(row.shortName);
      throw err;
    }
  }

  private duplicate(shortName: string): ConflictError {
    return new ConflictError(`An instrument named "${shortName}" already exists.`);
  }
}
