import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { Country } from '../reference';
import type { CountryEntity } from '../reference';
import type { LegalDevelopmentEntity } from '../legal-development';
import type { InstrumentEntity, TreatyStatusEntity } from './instrument.entity';
import { MATRIX_MAX_COUNTRIES, MAX_INSTRUMENTS } from './instrument.entity';
import { InstrumentCategory, TreatyStatusKind } from './instrument.enums';
import { ListSize } from '../../common/limits/list-size';

@ObjectType('Instrument', {
  implements: Node,
  description: 'A treaty or other legal instrument countries sign, ratify or accede to. Public.',
})
export class Instrument extends Node {
  @Field({ description: 'Short name, e.g. `Terrorist Financing Convention`.' })
  shortName: string;

  @Field({ description: 'Full title.' })
  title: string;

  @Field(() => Int, { description: 'Year it was adopted.' })
  yearAdopted: number;

  @Field(() => InstrumentCategory, { description: 'What kind of instrument it is.' })
  category: InstrumentCategory;

  @Field({ description: 'Depositary (empty when not recorded).' })
  depositary: string;

  @Field(() => String, { nullable: true, description: 'Where its text and status are published.' })
  sourceUrl: string | null;
}

export const InstrumentConnection = Connection(Instrument, 'Instrument');

/** The type name in TreatyStatus global IDs. */
export const TREATY_STATUS_TYPE = 'TreatyStatus';

@ObjectType(TREATY_STATUS_TYPE, {
  implements: Node,
  description:
    'Where one country stands towards one instrument now (the latest recorded action). Its ID stays the same as ' +
    'actions are recorded. Public.',
})
export class TreatyStatus extends Node {
  @Field(() => TreatyStatusKind, { description: 'The status.' })
  status: TreatyStatusKind;

  @Field(() => String, { nullable: true, description: 'Date of the action, YYYY-MM-DD.' })
  date: string | null;

  @Field({ description: 'Reservations made (empty when none are recorded).' })
  reservations: string;

  @Field({ description: 'Declarations made (empty when none are recorded).' })
  declarations: string;

  @Field(() => String, { nullable: true, description: 'Where the action is published.' })
  sourceUrl: string | null;

  @Field({ description: 'When it was recorded here.' })
  recordedAt: Date;

  @Field({ description: 'Demo data of the demo community, not a real status.' })
  isDemo: boolean;
}

@ObjectType('TreatyStatusChange', { description: 'One recorded treaty action, in the history of a status.' })
export class TreatyStatusChange {
  @Field(() => TreatyStatusKind, { nullable: true, description: 'Status before; null for the first record.' })
  fromStatus: TreatyStatusKind | null;

  @Field(() => TreatyStatusKind, { description: 'Status after.' })
  status: TreatyStatusKind;

  @Field(() => String, { nullable: true, description: 'Date of the action, YYYY-MM-DD.' })
  date: string | null;

  @Field({ description: 'Reservations recorded with it.' })
  reservations: string;

  @Field({ description: 'Declarations recorded with it.' })
  declarations: string;

  @Field(() => String, { nullable: true, description: 'Where the action is published.' })
  sourceUrl: string | null;

  @Field(() => String, { nullable: true, description: 'The note given with it.' })
  note: string | null;

  @Field({ description: 'When it was recorded here.' })
  recordedAt: Date;
}

@ObjectType('TreatyMatrixCell', { description: 'One country’s standing towards one instrument.' })
export class TreatyMatrixCell {
  @Field(() => Country, { description: 'The country.' })
  country: CountryEntity;

  @Field(() => TreatyStatusKind, { description: 'The status; NONE where nothing is recorded.' })
  status: TreatyStatusKind;

  @Field(() => String, { nullable: true, description: 'Date of the action, YYYY-MM-DD.' })
  date: string | null;

  @Field({ description: 'Whether the country is a party bound by the instrument (ratified, acceded, ...).' })
  bound: boolean;

  @Field(() => TreatyStatus, {
    nullable: true,
    description: 'The recorded status; null where there is none.',
  })
  record: TreatyStatusEntity | null;
}

@ObjectType('TreatyMatrixRow', { description: 'One instrument across the countries asked about.' })
export class TreatyMatrixRow {
  @Field(() => Instrument, { description: 'The instrument.' })
  instrument: InstrumentEntity;

  @ListSize({ argument: 'countryCodes', max: MATRIX_MAX_COUNTRIES }) // treatyMatrix's
  @Field(() => [TreatyMatrixCell], { description: 'One cell per country, in the order asked.' })
  cells: TreatyMatrixCell[];

  @Field({ description: 'Whether every country asked about is bound by this instrument.' })
  bindsAll: boolean;
}

@ObjectType('TreatyMatrix', {
  description: 'Which instruments bind which of the countries asked about, and those that bind them all.',
})
export class TreatyMatrix {
  @ListSize({ argument: 'countryCodes', max: MATRIX_MAX_COUNTRIES })
  @Field(() => [Country], { description: 'The countries asked about, in the order asked.' })
  countries: CountryEntity[];

  @ListSize({ argument: 'instrumentIds', max: MAX_INSTRUMENTS }) // every instrument when omitted
  @Field(() => [TreatyMatrixRow], { description: 'One row per instrument, oldest first.' })
  rows: TreatyMatrixRow[];

  @ListSize({ argument: 'instrumentIds', max: MAX_INSTRUMENTS })
  @Field(() => [Instrument], { description: 'The instruments that bind every one of the countries.' })
  bindingAll: InstrumentEntity[];
}

@ObjectType('RecordTreatyActionPayload', { description: 'The result of recording a treaty action.' })
export class RecordTreatyActionPayload {
  @Field(() => TreatyStatus, { description: 'The country’s status now.' })
  treatyStatus: TreatyStatusEntity;

  /** `RecordTreatyActionPayload.legalDevelopment`, resolved in the legal-development module. */
  legalDevelopment: LegalDevelopmentEntity;
}
