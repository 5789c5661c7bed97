import { Field, ID, InputType } from 'type-graphql';
import { Role } from '../../common/auth/role';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEnum,
  IsOptional,
  Length,
  Matches,
  MaxLength,
  ValidateBy,
  buildMessage,
} from 'class-validator';
import { Language } from '../../common/i18n/language';
import { Profession, ContactVisibility } from './practitioner.enums';
import { VerificationDecision } from './practitioner.types';
import { MultiLine } from '../../common/validation/text';
import { AccountCountryCode, AccountCountryCodes } from '../reference';

export const COUNTRY_CODE = /^[A-Za-z]{2}$/;

/** How many thematic areas of expertise a profile lists (`Practitioner.thematicAreas` is priced by it). */
export const PRACTITIONER_LIST_BOUNDS = { thematicAreas: 10 } as const;
export const PHONE = /^\+?[0-9][0-9 ().-]{4,38}$/;

/**
 * Length in code points, as PostgreSQL's char_length counts it. class-validator's @Length/@MaxLength
 * do not count variation selectors (U+FE0E/U+FE0F), so a text they accept could overflow its column.
 */
export function CodePointLength(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'codePointLength',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && [...value].length >= min && [...value].length <= max,
      defaultMessage: buildMessage((each) =>
        min > 0
          ? `${each}$property must be ${min} to ${max} characters long`
          : `${each}$property must be at most ${max} characters long`,
      ),
    },
  });
}

@InputType({ description: 'Filters of the practitioner directory; all given filters must match.' })
export class PractitionerFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'ISO 3166-1 alpha-2 codes of the practitioners’ countries.',
  })
  @IsOptional()
  @ArrayMaxSize(250)
  @Matches(COUNTRY_CODE, { each: true, message: 'each value must be an ISO 3166-1 alpha-2 code' })
  @AccountCountryCodes({ field: 'filter.countryCodes' })
  countryCodes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'UN M49 area codes (region, sub-region or intermediate region).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(/^[0-9]{3}$/, { each: true, message: 'each value must be a three-digit UN M49 code' })
  regionCodes?: string[] | null;

  @Field(() => [Profession], { nullable: true, description: 'Any of these professions.' })
  @IsOptional()
  @ArrayMaxSize(20)
  professions?: Profession[] | null;

  @Field(() => [String], { nullable: true, description: 'Experts in any of these thematic areas.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @MaxLength(64, { each: true })
  thematicAreaCodes?: string[] | null;

  @Field(() => [Language], { nullable: true, description: 'Speaking any of these languages.' })
  @IsOptional()
  @ArrayMaxSize(6)
  languages?: Language[] | null;

  @Field(() => String, { nullable: true, description: 'Display name contains this text (case-insensitive).' })
  @IsOptional()
  @Length(1, 100)
  nameContains?: string | null;
}

@InputType({
  description:
    'Changes to one’s own profile. Omitted fields stay as they are; null clears an optional field.',
})
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: 'Name shown to other members (1 to 120 characters).' })
  @IsOptional()
  @CodePointLength(1, 120)
  displayName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 3166-1 alpha-2 code of the country one works in.',
  })
  @IsOptional()
  @Matches(COUNTRY_CODE, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  @AccountCountryCode()
  countryCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Institution (up to 200 characters).' })
  @IsOptional()
  @CodePointLength(0, 200)
  organization?: string | null;

  @Field(() => String, { nullable: true, description: 'Position or title (up to 200 characters).' })
  @IsOptional()
  @CodePointLength(0, 200)
  position?: string | null;

  @Field(() => Profession, { nullable: true, description: 'Professional role.' })
  @IsOptional()
  @IsEnum(Profession)
  profession?: Profession | null;

  @Field(() => String, { nullable: true, description: 'Short biography (up to 4,000 characters).' })
  @IsOptional()
  @CodePointLength(0, 4000)
  @MultiLine()
  bio?: string | null;

  @Field(() => [Language], { nullable: true, description: 'Languages one works in.' })
  @IsOptional()
  @ArrayMaxSize(6)
  @ArrayUnique()
  languages?: Language[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Codes of one’s thematic areas of expertise (up to 10).',
  })
  @IsOptional()
  @ArrayMaxSize(PRACTITIONER_LIST_BOUNDS.thematicAreas)
  @ArrayUnique()
  @MaxLength(64, { each: true })
  thematicAreaCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number, international format preferred (e.g. +227 20 72 00 00).',
  })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number of 5 to 40 digits, spaces or + ( ) . -' })
  phone?: string | null;

  @Field(() => ContactVisibility, { nullable: true, description: 'Who may see one’s e-mail and phone.' })
  @IsOptional()
  @IsEnum(ContactVisibility)
  contactVisibility?: ContactVisibility | null;
}

@InputType({ description: 'The input of `verifyPractitioner`.' })
export class VerifyPractitionerInput {
  @Field(() => ID, { description: 'The practitioner.' })
  id: string;

  @Field(() => VerificationDecision, { description: 'Approve or reject.' })
  decision: VerificationDecision;

  @Field(() => String, {
    nullable: true,
    description: 'Why (up to 1,000 characters), kept with the decision.',
  })
  @MultiLine()
  note?: string | null;
}

@InputType({ description: 'The input of `setRole`.' })
export class SetRoleInput {
  @Field(() => ID, { description: 'The practitioner.' })
  id: string;

  @Field(() => Role, { description: 'The new role.' })
  role: Role;
}
