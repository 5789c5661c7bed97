import type { DataSource, EntityManager } from 'typeorm';
import { and, list, namedSql, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { refuseNulls } from '../../common/validation/values';
import type { ReferenceCatalog } from '../reference';
import { CentralAuthorityEntity, CentralAuthorityRevisionEntity } from './central-authority.entity';
import { CentralAuthorityChange, CommunicationChannel, CooperationKind } from './central-authority.enums';
import type { CreateCentralAuthorityInput, UpdateCentralAuthorityInput } from './central-authority.inputs';
import { canManageCentralAuthorities } from './central-authority.policy';

/** The most entries `centralAuthorities` lists for one country (the first by name). */
export const MAX_AUTHORITIES_PER_COUNTRY = 20;

/** The fields kept in each revision's snapshot (everything an editor can set, and the confirmation). */
export const SNAPSHOT_FIELDS = [
  'countryCode',
  'name',
  'kinds',
  'legalBasis',
  'languages',
  'channels',
  'address',
  'website',
  'phone',
  'email',
  'urgentContact',
  'lastConfirmedAt',
  'lastConfirmedById',
] as const;

const EDITABLE_FIELDS = [
  'name',
  'kinds',
  'legalBasis',
  'languages',
  'channels',
  'address',
  'website',
  'phone',
  'email',
  'urgentContact',
] as const;

type Editable = (typeof EDITABLE_FIELDS)[number];

function snapshotOf(row: CentralAuthorityEntity): Record<string, unknown> {
  return Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, row[f] ?? null]));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The central-authority directory: entries per country, kept with the history of every change. */
export class CentralAuthorityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
  ) {}

  private requireManager(viewer: Viewer): void {
    if (!canManageCentralAuthorities(viewer))
      throw new ForbiddenError('Only moderators and admins edit the central-authority directory.');
  }

  private checkCountry(code: string, field: string): string {
    const upper = code.trim().toUpperCase();
    if (!this.catalog.country(upper))
      throw new BadUserInputError(`Unknown country code ${code}.`, [
        { field, message: 'is not a known ISO 3166-1 alpha-2 code' },
      ]);
    return upper;
  }

  /** A country's entries, by name, optionally only those handling one of `kinds`. */
  list(countryCode: string, kinds: CooperationKind[] | null | undefined): Promise<CentralAuthorityEntity[]> {
    const code = this.checkCountry(countryCode, 'countryCode');
    const where = [sql`ca."countryCode" = ${code}`];
    if (kinds?.length) where.push(sql`ca."kinds" && ARRAY[${list(kinds)}]::text[]`);
    return this.dataSource
      .getRepository(CentralAuthorityEntity)
      .createQueryBuilder('ca')
      .where(...namedSql(and(where), 'w'))
      .orderBy('ca."name"', 'ASC')
      .addOrderBy('ca."id"', 'ASC')
      .limit(MAX_AUTHORITIES_PER_COUNTRY)
      .getMany();
  }

  private record(
    manager: EntityManager,
    row: CentralAuthorityEntity,
    actorId: string,
    change: CentralAuthorityChange,
    changedFields: string[],
  ): Promise<unknown> {
    return manager.save(
      manager.create(CentralAuthorityRevisionEntity, {
        centralAuthorityId: row.id,
        actorId,
        change,
        changedFields,
        snapshot: snapshotOf(row),
      }),
    );
  }

  async create(viewer: Viewer, input: CreateCentralAuthorityInput): Promise<CentralAuthorityEntity> {
    this.requireManager(viewer);
    const values: Partial<CentralAuthorityEntity> = {
      countryCode: input.countryCode.trim().toUpperCase(),
      name: input.name.trim(),
      kinds: input.kinds,
      legalBasis: input.legalBasis?.trim() ?? '',
      languages: input.languages ?? [],
      channels: input.channels ?? [],
      address: input.address?.trim() ?? '',
      website: input.website?.trim() || null,
      phone: input.phone?.trim() || null,
      email: input.email?.trim() || null,
      urgentContact: input.urgentContact?.trim() || null,
    };
    return this.dataSource.transaction(async (manager) => {
      const row = await manager
        .getRepository(CentralAuthorityEntity)
        .save(manager.create(CentralAuthorityEntity, values));
      await this.record(manager, row, viewer.id, CentralAuthorityChange.CREATE, [...EDITABLE_FIELDS]);
      return row;
    });
  }

  async update(
    viewer: Viewer,
    id: string,
    input: Omit<UpdateCentralAuthorityInput, 'id'>,
  ): Promise<CentralAuthorityEntity> {
    this.requireManager(viewer);
    refuseNulls(input, ['name', 'kinds', 'legalBasis', 'languages', 'channels', 'address']);
    const patch: Partial<Pick<CentralAuthorityEntity, Editable>> = {};
    if (input.name != null) patch.name = input.name.trim();
    if (input.kinds != null) patch.kinds = input.kinds;
    if (input.legalBasis != null) patch.legalBasis = input.legalBasis.trim();
    if (input.languages != null) patch.languages = input.languages;
    if (input.channels != null) patch.channels = input.channels;
    if (input.address != null) patch.address = input.address.trim();
    if (input.website !== undefined) patch.website = input.website?.trim() || null;
    if (input.phone !== undefined) patch.phone = input.phone?.trim() || null;
    if (input.email !== undefined) patch.email = input.email?.trim() || null;
    if (input.urgentContact !== undefined) patch.urgentContact = input.urgentContact?.trim() || null;
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, id);
      const changed = (Object.keys(patch) as Editable[]).filter((f) => !same(row[f], patch[f]));
      if (!changed.length) return row;
      Object.assign(row, patch);
      await manager.getRepository(CentralAuthorityEntity).save(row);
      await this.record(manager, row, viewer.id, CentralAuthorityChange.UPDATE, changed);
      return row;
    });
  }

  /** Records that the entry was checked and is still correct. */
  async confirm(viewer: Viewer, id: string): Promise<CentralAuthorityEntity> {
    this.requireManager(viewer);
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, id);
      row.lastConfirmedAt = new Date();
      row.lastConfirmedById = viewer.id;
      await manager.getRepository(CentralAuthorityEntity).save(row);
      await this.record(manager, row, viewer.id, CentralAuthorityChange.CONFIRM, []);
      return row;
    });
  }

  private async lock(manager: EntityManager, id: string): Promise<CentralAuthorityEntity> {
    const row = await manager
      .getRepository(CentralAuthorityEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new NotFoundError('Central authority');
    return row;
  }

  /** One fictitious entry for the demo community (marked isDemo and "(demo)"), in the caller's transaction. */
  async seedDemo(manager: EntityManager, actorId: string): Promise<void> {
    const row = await manager.getRepository(CentralAuthorityEntity).save(
      manager.create(CentralAuthorityEntity, {
        countryCode: 'NE',
        name: 'Demo central authority for mutual legal assistance (demo)',
        kinds: [CooperationKind.MUTUAL_LEGAL_ASSISTANCE, CooperationKind.EXTRADITION],
        legalBasis: 'Fictitious entry of the demo community; not a real authority.',
        languages: ['fr', 'en'],
        channels: [CommunicationChannel.DIRECT, CommunicationChannel.DIPLOMATIC],
        address: 'Demo address (demo)',
        website: null,
        phone: '+000 00 00 00 00',
        email: 'central-authority@demo.praxis.example',
        urgentContact: 'Demo duty officer (demo)',
        isDemo: true,
      }),
    );
    await this.record(manager, row, actorId, CentralAuthorityChange.CREATE, [...EDITABLE_FIELDS]);
  }
}
