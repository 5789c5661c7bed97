import { Brackets } from 'typeorm';
import type { DataSource } from 'typeorm';
import { namedSql, policyScope } from '../../common/db/sql';
import { Keyset } from '../../common/relay/keyset';
import type { Viewer } from '../../common/auth/viewer';
import type { Page } from '../../common/relay/pagination';
import type { ReferenceCatalog } from '../reference/reference.catalog';
import type { PractitionerService } from '../practitioner/practitioner.service';
import { NetworkEntity } from './network.entity';
import type { NetworkFilter } from './network.inputs';
import { networkReadSql } from './network.policy';

/** The network list's order: by name, then id (the query builder repeats it and maps the rows). */
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
    first: number,
    after: string | null | undefined,
  ): Promise<Page<NetworkEntity>> {
    const qb = this.dataSource
      .getRepository(NetworkEntity)
      .createQueryBuilder('n')
      .where(...namedSql(policyScope(viewer, networkReadSql), 'pol'));
    if (filter?.kinds?.length) qb.andWhere('n.kind IN (:...kinds)', { kinds: filter.kinds });
    if (filter?.countryCodes?.length) {
      const codes = [
        ...new Set(filter.countryCodes.map((c) => this.practitioners.checkCountry(c, 'filter.countryCodes'))),
      ];
      const regions = new Set<string>();
      for (const code of codes) {
        const c = this.catalog.country(code)!;
        if (c.subregionCode) regions.add(c.subregionCode);
        if (c.intermediateRegionCode) regions.add(c.intermediateRegionCode);
      }
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(`n.kind = 'COUNTRY' AND n.countryCode IN (:...codes)`, { codes })
            .orWhere(
              `n.kind = 'REGIONAL' AND EXISTS (SELECT 1 FROM network_country nc
                 WHERE nc."networkId" = n.id AND nc."countryCode" IN (:...codes))`,
            )
            .orWhere(
              `n.kind = 'REGIONAL' AND n.regionCode IN (:...regions) AND NOT EXISTS (SELECT 1 FROM network_country nc
                 WHERE nc."networkId" = n.id)`,
              { regions: regions.size ? [...regions] : ['---'] },
            ),
        ),
      );
    }
    if (filter?.search) {
      const escaped = filter.search.replace(/[\\%_]/g, (m) => '\\' + m);
      qb.andWhere('n.name ILIKE :search', { search: `%${escaped}%` });
    }
    if (filter?.viewerMembershipStatus) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM network_member vm
           WHERE vm."networkId" = n.id AND vm."practitionerId" = :viewerId AND vm."status" = :viewerStatus)`,
        { viewerId: viewer.id, viewerStatus: filter.viewerMembershipStatus },
      );
    }
    const w = NETWORK_ORDER.window({ first, after });
    if (w.after) qb.andWhere(...namedSql(w.after, 'key'));
    const rows = await qb
      .orderBy('n.name', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .limit(first + 1)
      .getMany();
    return w.page(rows);
  }
}
