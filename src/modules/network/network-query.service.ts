import type { DataSource } from 'typeorm';
import { list, policyScope, sql } from '../../common/db/sql';
import type { Sql } from '../../common/db/sql';
import { entityPage, Keyset } from '../../common/relay/keyset';
import type { Viewer } from '../../common/auth/viewer';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { ReferenceCatalog } from '../reference';
import type { PractitionerService } from '../practitioner';
import { NetworkEntity } from './network.entity';
import type { NetworkFilter } from './network.inputs';
import { networkReadSql } from './network.policy';

/** The network list's order: by name, then id. */
const NETWORK_ORDER = new Keyset<NetworkEntity>(
  [
    { column: 'n."name"', kind: 'string' },
    { column: 'n."id"', kind: 'uuid' },
  ],
  'ASC',
  (n) => [n.name, n.id],
);

/** Reading networks: whether one exists, and the filtered list. */
export class NetworkQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    private readonly practitioners: PractitionerService,
  ) {}

  /** Whether a network exists (every network is visible to signed-in practitioners). */
  exists(id: string): Promise<boolean> {
    return this.dataSource.getRepository(NetworkEntity).existsBy({ id });
  }

  /** The network list, by name then id (keyset). */
  async list(
    viewer: Viewer,
    filter: NetworkFilter | null | undefined,
    page: PageArgs,
  ): Promise<Page<NetworkEntity>> {
    const where: Sql[] = [policyScope(viewer, networkReadSql)];
    if (filter?.kinds?.length) where.push(sql`n."kind" IN (${list(filter.kinds)})`);
    if (filter?.countryCodes?.length) {
      const codes = [...new Set(filter.countryCodes.map((c) => c.trim().toUpperCase()))];
      const regions = new Set<string>();
      for (const code of codes) {
        const c = this.catalog.country(code)!;
        if (c.subregionCode) regions.add(c.subregionCode);
        if (c.intermediateRegionCode) regions.add(c.intermediateRegionCode);
      }
      where.push(
        sql`(n."kind" = 'COUNTRY' AND n."countryCode" IN (${list(codes)}))
          OR (n."kind" = 'REGIONAL' AND EXISTS (SELECT 1 FROM network_country nc
                WHERE nc."networkId" = n.id AND nc."countryCode" IN (${list(codes)})))
          OR (n."kind" = 'REGIONAL' AND n."regionCode" IN (${list(regions.size ? [...regions] : ['---'])})
              AND NOT EXISTS (SELECT 1 FROM network_country nc WHERE nc."networkId" = n.id))`,
      );
    }
    if (filter?.search) {
      const escaped = filter.search.replace(/[\\%_]/g, (m) => '\\' + m);
      where.push(sql`n."name" ILIKE ${`%${escaped}%`}`);
    }
    if (filter?.viewerMembershipStatus) {
      where.push(
        sql`EXISTS (SELECT 1 FROM network_member vm
              WHERE vm."networkId" = n.id AND vm."practitionerId" = ${viewer.id}
                AND vm."status" = ${filter.viewerMembershipStatus})`,
      );
    }
    const w = NETWORK_ORDER.window(page);
    return entityPage(
      this.dataSource.getRepository(NetworkEntity).createQueryBuilder('n'),
      NETWORK_ORDER,
      w,
      where,
    );
  }
}
