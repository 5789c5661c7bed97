import type { DataSource } from 'typeorm';
import { raw } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { ReferenceCatalog } from '../reference';
import { LegalDevelopmentEntity, LegalDevelopmentInstrumentEntity } from './legal-development.entity';
import type { LegalDevelopmentFilter } from './legal-development.inputs';
import { canViewLegalDevelopment, listedLegalDevelopmentSql } from './legal-development.policy';
import { legalFilterSql, resolveLegalFilter } from './legal-development-filter';
import type { ResolvedLegalFilter } from './legal-development-filter';
import { EventLoads } from '../../common/realtime/paced';

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

/** Reading published developments: the filtered lists and what live events need. */
export class LegalDevelopmentQueryService {
  private readonly events = new EventLoads<PublishedLegalDevelopmentEvent | null>((id) => this.loadEvent(id));

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
  ) {}

  /** Validates a list filter (unknown codes and malformed dates or ids are BAD_USER_INPUT). */
  resolveFilter(filter: LegalDevelopmentFilter | null | undefined): ResolvedLegalFilter {
    return resolveLegalFilter(this.catalog, filter);
  }

  /**
   * A keyset page of listed (published) developments: by effective date (`date`, newest first) or by
   * publication (`published`, for the home feed). `scope` narrows it with conditions on alias `ld`.
   */
  async listPublished(
    filter: ResolvedLegalFilter | null,
    conditions: Sql[],
    args: PageArgs,
    order: LegalDevelopmentOrder = 'date',
  ): Promise<Page<LegalDevelopmentEntity>> {
    const keyset = LEGAL_DEVELOPMENT_ORDERS[order];
    const qb = this.dataSource.getRepository(LegalDevelopmentEntity).createQueryBuilder('ld');
    return entityPage(qb, keyset, keyset.window(args), [
      raw(listedLegalDevelopmentSql('ld')),
      ...(filter ? legalFilterSql(filter) : []),
      ...conditions,
    ]);
  }

  /**
   * Loads, once per event on this instance, what every subscriber's filter needs: two SQL statements
   * whatever the number of subscribers. Kept briefly so that every subscriber reuses it, and handed to the
   * filters a batch per turn of the event loop (EventLoads), as a published post's.
   */
  publishedEvent(
    eventId: string,
    legalDevelopmentId: string,
  ): Promise<PublishedLegalDevelopmentEvent | null> {
    return this.events.inLine(eventId, legalDevelopmentId);
  }

  /** The event as `publishedEvent` loads it, at once: for the resolver of a subscriber whose filter passed. */
  loadedEvent(eventId: string, legalDevelopmentId: string): Promise<PublishedLegalDevelopmentEvent | null> {
    return this.events.now(eventId, legalDevelopmentId);
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
