import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Localized } from '../../common/i18n/language';

export enum RegionLevel {
  WORLD = 'WORLD',
  REGION = 'REGION',
  SUBREGION = 'SUBREGION',
  INTERMEDIATE_REGION = 'INTERMEDIATE_REGION',
}

/** A UN M49 area above the country level (World, region, sub-region, intermediate region). */
@Entity('region')
@Check('region_code_format', `"code" ~ '^[0-9]{3}$'`)
export class RegionEntity {
  @PrimaryColumn({ type: 'char', length: 3 })
  code: string;

  @Column({ type: 'enum', enum: RegionLevel, enumName: 'region_level' })
  level: RegionLevel;

  @Column({ type: 'char', length: 3, nullable: true })
  parentCode: string | null;

  @Column({ type: 'jsonb' })
  names: Localized;
}

/** An ISO 3166-1 country or area, with its UN M49 classification. */
@Entity('country')
@Check('country_code_format', `"code" ~ '^[A-Z]{2}$'`)
@Index('country_region_idx', ['regionCode'])
@Index('country_subregion_idx', ['subregionCode'])
export class CountryEntity {
  @PrimaryColumn({ type: 'char', length: 2 })
  code: string;

  @Column({ type: 'char', length: 3 })
  alpha3: string;

  @Column({ type: 'char', length: 3, nullable: true })
  m49Code: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  regionCode: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  subregionCode: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  intermediateRegionCode: string | null;

  @Column({ type: 'jsonb' })
  names: Localized;
}

/** A thematic area of counter-terrorism criminal justice. */
@Entity('thematic_area')
@Check('thematic_area_code_format', `"code" ~ '^[A-Z][A-Z0-9_]{1,63}$'`)
export class ThematicAreaEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'jsonb' })
  names: Localized;

  @Column({ type: 'jsonb' })
  descriptions: Localized;

  @Column({ type: 'smallint' })
  sortOrder: number;
}
