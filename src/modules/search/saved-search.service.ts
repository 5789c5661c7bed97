import { In } from 'typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { query, raw, sql } from '../../common/db/sql';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors/errors';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { mapPage } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import { Keyset } from '../../common/relay/keyset';
import { isoMicros } from '../../common/relay/batched-connection';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { NETWORK_TYPE } from '../network';
import { normalizeSearchText } from './search-text';
import type { SearchFilter } from './search.inputs';
import type { SearchResultType } from './search.enums';
import { SavedSearchEntity } from './saved-search.entity';
import { MAX_SAVED_SEARCHES, SAVED_SEARCH_TYPE, SavedSearchNotify } from './saved-search.types';
import type { SaveSearchInput, SavedSearchFilter, UpdateSavedSearchInput } from './saved-search.types';

const ORDER = new Keyset<SavedSearchEntity & { cursorAt: string }>(
  [
    { column: 's."createdAt"', kind: 'timestamp' },
    { column: 's."id"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

/** The columns a filter is stored in (null for a condition not given, so that "any" costs nothing). */
function filterColumns(filter: SearchFilter) {
  const normalizedQuery = normalizeSearchText(filter.query).trim();
  if (!normalizedQuery)
    throw new BadUserInputError('query is empty.', [
      { field: 'filter.query', message: 'must contain a word' },
    ]);
  const list = <T>(xs: T[] | null | undefined) => (xs?.length ? xs : null);
  return {
    query: filter.query.trim(),
    normalizedQuery,
    types: list(filter.types),
    languages: list(filter.languages),
    countryCodes: list(filter.countryCodes?.map((c) => c.toUpperCase())),
    thematicAreaCodes: list(filter.thematicAreaCodes),
    networkIds: list(
      filter.networkIds?.map((g, i) => fromGlobalIdOf(NETWORK_TYPE, g, `filter.networkIds[${i}]`)),
    ),
    from: filter.from ?? null,
    to: filter.to ?? null,
  };
}

/**
 * Saved searches: the owner's CRUD (at most MAX_SAVED_SEARCHES each, counted under a per-owner lock), read
 * only by their owner. Matching new content against them is `SavedSearchNotifier`'s.
 */
export class SavedSearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
  ) {}

  async byIds(ids: readonly string[]): Promise<SavedSearchEntity[]> {
    return this.dataSource.getRepository(SavedSearchEntity).findBy({ id: In([...ids]) });
  }

  /** The viewer's saved searches, newest first. */
  async list(viewer: Viewer, args: PageArgs): Promise<Page<SavedSearchEntity>> {
    const w = ORDER.window(args);
    const rows = await query<SavedSearchEntity & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT s.*, ${raw(isoMicros('s."createdAt"'))} AS "cursorAt" FROM saved_search s
          WHERE s."ownerId" = ${viewer.id} ${w.andAfter} ORDER BY ${w.orderBy} ${w.limit}`,
    );
    const repo = this.dataSource.getRepository(SavedSearchEntity);
    return mapPage(w.page(rows), (r) => repo.create(r));
  }

  async save(viewer: Viewer, input: SaveSearchInput): Promise<SavedSearchEntity> {
    const name = input.name.trim();
    if (!name)
      throw new BadUserInputError('name is empty.', [{ field: 'name', message: 'must not be blank' }]);
    const repo = this.dataSource.getRepository(SavedSearchEntity);
    const create = await this.idempotency.begin(
      viewer.id,
      'saveSearch',
      input.idempotencyKey,
      { name: input.name, filter: { ...input.filter }, notify: input.notify ?? null },
      (id) => repo.findOneByOrFail({ id }),
    );
    if (create.earlier) return create.earlier;
    const columns = filterColumns(input.filter);
    const { result } = await create.run(async (manager) => {
      // The cap, counted under a lock of the owner's saved searches (two saves at once cannot both pass).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`saved-search:${viewer.id}`]);
      const count = await manager.countBy(SavedSearchEntity, { ownerId: viewer.id });
      if (count >= MAX_SAVED_SEARCHES)
        throw new ConflictError(
          `You have ${MAX_SAVED_SEARCHES} saved searches, the most one may keep: delete one first.`,
        );
      return manager.save(
        manager.create(SavedSearchEntity, {
          ownerId: viewer.id,
          name,
          notify: input.notify ?? SavedSearchNotify.IN_APP,
          ...columns,
        }),
      );
    });
    return result;
  }

  /** The viewer's saved search, locked for a change; NOT_FOUND when it is not theirs. */
  private async own(manager: EntityManager, viewer: Viewer, globalId: string): Promise<SavedSearchEntity> {
    const id = fromGlobalIdOf(SAVED_SEARCH_TYPE, globalId, 'id');
    const row = await manager.findOne(SavedSearchEntity, {
      where: { id, ownerId: viewer.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!row) throw new NotFoundError('SavedSearch');
    return row;
  }

  async update(viewer: Viewer, input: UpdateSavedSearchInput): Promise<SavedSearchEntity> {
    const name = input.name?.trim();
    if (input.name != null && !name)
      throw new BadUserInputError('name is empty.', [{ field: 'name', message: 'must not be blank' }]);
    const columns = input.filter ? filterColumns(input.filter) : {};
    return this.dataSource.transaction(async (manager) => {
      const row = await this.own(manager, viewer, input.id);
      const changes: Partial<SavedSearchEntity> = { ...columns };
      if (name) changes.name = name;
      if (input.notify) changes.notify = input.notify;
      if (Object.keys(changes).length) await manager.update(SavedSearchEntity, { id: row.id }, changes);
      return manager.findOneByOrFail(SavedSearchEntity, { id: row.id });
    });
  }

  async delete(viewer: Viewer, globalId: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.own(manager, viewer, globalId);
      await manager.delete(SavedSearchEntity, { id: row.id });
      return toGlobalId(SAVED_SEARCH_TYPE, row.id);
    });
  }
}

/** A saved search's filter as the API shows it. */
export function savedSearchFilter(s: SavedSearchEntity): SavedSearchFilter {
  return {
    query: s.query,
    types: (s.types as SearchResultType[] | null) ?? null,
    languages: (s.languages as SavedSearchFilter['languages']) ?? null,
    countryCodes: s.countryCodes ?? null,
    thematicAreaCodes: s.thematicAreaCodes ?? null,
    networkIds: s.networkIds?.map((id) => toGlobalId(NETWORK_TYPE, id)) ?? null,
    from: s.from ?? null,
    to: s.to ?? null,
  };
}
