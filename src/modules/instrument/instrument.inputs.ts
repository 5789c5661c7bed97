import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsEnum, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { CodePointLength, COUNTRY_CODE } from '../practitioner';
import { INSTRUMENT_LIMITS } from './instrument.entity';
import { InstrumentCategory, TreatyStatusKind } from './instrument.enums';
import { MultiLine } from '../../common/validation/text';
import { HttpUrl, NotBlank, PastDate } from '../../common/validation/rules';
import { CountryCode, CountryCodes } from '../reference';

const TREATY_ACTION_DATED = 'a treaty action is recorded once it has happened.';

@InputType({ description: 'Narrows the instrument list; criteria combine with AND.' })
export class InstrumentFilter {
  @Field(() => [InstrumentCategory], { nullable: true, description: 'Only instruments of these categories.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(InstrumentCategory, { each: true })
  categories?: InstrumentCategory[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words found in the short name or the full title (case-insensitive).',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

@InputType({ description: 'A new instrument (admins).' })
export class CreateInstrumentInput {
  @Field({ description: 'Short name, unique (e.g. `Terrorist Financing Convention`; up to 200 characters).' })
  @CodePointLength(1, INSTRUMENT_LIMITS.shortName)
  @NotBlank()
  shortName: string;

  @Field({ description: 'Full title (up to 1,000 characters).' })
  @CodePointLength(1, INSTRUMENT_LIMITS.title)
  @NotBlank()
  title: string;

  @Field(() => Int, { description: 'Year it was adopted.' })
  @IsInt()
  @Min(1800)
  @Max(2200)
  yearAdopted: number;

  @Field(() => InstrumentCategory, { description: 'What kind of instrument it is.' })
  @IsEnum(InstrumentCategory)
  category: InstrumentCategory;

  @Field({ nullable: true, defaultValue: '', description: 'Depositary (up to 500 characters).' })
  @CodePointLength(0, INSTRUMENT_LIMITS.depositary)
  depositary: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where its text and status are published (http(s) URL).',
  })
  @IsOptional()
  @MaxLength(INSTRUMENT_LIMITS.url)
  @HttpUrl()
  sourceUrl?: string | null;
}

@InputType({ description: 'Changes to an instrument (admins). Omitted fields stay as they are.' })
export class UpdateInstrumentInput {
  @Field(() => ID, { description: 'The instrument.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Short name, unique (up to 200 characters).' })
  @IsOptional()
  @CodePointLength(1, INSTRUMENT_LIMITS.shortName)
  @NotBlank()
  shortName?: string | null;

  @Field(() => String, { nullable: true, description: 'Full title (up to 1,000 characters).' })
  @IsOptional()
  @CodePointLength(1, INSTRUMENT_LIMITS.title)
  @NotBlank()
  title?: string | null;

  @Field(() => Int, { nullable: true, description: 'Year it was adopted.' })
  @IsOptional()
  @IsInt()
  @Min(1800)
  @Max(2200)
  yearAdopted?: number | null;

  @Field(() => InstrumentCategory, { nullable: true, description: 'What kind of instrument it is.' })
  @IsOptional()
  @IsEnum(InstrumentCategory)
  category?: InstrumentCategory | null;

  @Field(() => String, { nullable: true, description: 'Depositary (up to 500 characters).' })
  @IsOptional()
  @CodePointLength(0, INSTRUMENT_LIMITS.depositary)
  depositary?: string | null;

  @Field(() => String, { nullable: true, description: 'Source URL; an empty string clears it.' })
  @IsOptional()
  @MaxLength(INSTRUMENT_LIMITS.url)
  @HttpUrl()
  sourceUrl?: string | null;
}

@InputType({ description: 'Narrows the statuses of an instrument; criteria combine with AND.' })
export class TreatyStatusFilter {
  @Field(() => [String], { nullable: true, description: 'Only these countries (ISO 3166-1 alpha-2 codes).' })
  @IsOptional()
  @ArrayMaxSize(250)
  @Matches(COUNTRY_CODE, { each: true, message: 'each country code must be an ISO 3166-1 alpha-2 code' })
  @CountryCodes({ field: 'filter.countryCodes' })
  countryCodes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only countries of these UN M49 areas (e.g. `011` for Western Africa).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(3, { each: true })
  regionCodes?: string[] | null;

  @Field(() => [TreatyStatusKind], { nullable: true, description: 'Only these statuses.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(TreatyStatusKind, { each: true })
  statuses?: TreatyStatusKind[] | null;
}

@InputType({
  description:
    'A country’s action on an instrument (moderators and experts). It becomes the current status, is kept in the ' +
    'history, and publishes a TREATY_ACTION legal development.',
})
export class RecordTreatyActionInput {
  @Field({ description: 'The country (ISO 3166-1 alpha-2 code).' })
  @Matches(COUNTRY_CODE, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  @CountryCode()
  countryCode: string;

  @Field(() => ID, { description: 'The instrument.' })
  instrumentId: string;

  @Field(() => TreatyStatusKind, { description: 'The status after this action.' })
  @IsEnum(TreatyStatusKind)
  status: TreatyStatusKind;

  @Field(() => String, {
    nullable: true,
    description: 'Date of the action, YYYY-MM-DD (not in the future); required except for NONE.',
  })
  @IsOptional()
  @MaxLength(10)
  @PastDate(TREATY_ACTION_DATED)
  date?: string | null;

  @Field({
    nullable: true,
    defaultValue: '',
    description: 'Reservations made (text, up to 20,000 characters).',
  })
  @CodePointLength(0, INSTRUMENT_LIMITS.text)
  @MultiLine()
  reservations: string;

  @Field({
    nullable: true,
    defaultValue: '',
    description: 'Declarations made (text, up to 20,000 characters).',
  })
  @CodePointLength(0, INSTRUMENT_LIMITS.text)
  @MultiLine()
  declarations: string;

  @Field(() => String, { nullable: true, description: 'Where the action is published (http(s) URL).' })
  @IsOptional()
  @MaxLength(INSTRUMENT_LIMITS.url)
  @HttpUrl()
  sourceUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A note kept in the history and used as the summary of the legal development (up to 1,000).',
  })
  @IsOptional()
  @CodePointLength(0, INSTRUMENT_LIMITS.note)
  @MultiLine()
  note?: string | null;

  @Field(() => Language, {
    nullable: true,
    defaultValue: Language.EN,
    description: 'Language of the note (and of the legal development).',
  })
  @IsEnum(Language)
  language: Language;
}
