import { Field, ID, InputType } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEmail,
  IsEnum,
  IsOptional,
  Matches,
  MaxLength,
} from 'class-validator';
import { Language } from '../../common/i18n/language';
import { CodePointLength, COUNTRY_CODE, PHONE } from '../practitioner';
import { CENTRAL_AUTHORITY_LIMITS as L } from './central-authority.entity';
import { CommunicationChannel, CooperationKind } from './central-authority.enums';
import { MultiLine } from '../../common/validation/text';
import { HttpUrl, NotBlank } from '../../common/validation/rules';
import { CountryCode } from '../reference';

@InputType({ description: 'A new central-authority directory entry (moderators and admins).' })
export class CreateCentralAuthorityInput {
  @Field({ description: 'The country (ISO 3166-1 alpha-2 code).' })
  @Matches(COUNTRY_CODE, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  @CountryCode()
  countryCode: string;

  @Field({ description: 'Name of the authority (1 to 300 characters).' })
  @CodePointLength(1, L.name)
  @NotBlank()
  name: string;

  @Field(() => [CooperationKind], { description: 'The kinds of cooperation it handles (at least one).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsEnum(CooperationKind, { each: true })
  kinds: CooperationKind[];

  @Field({
    nullable: true,
    defaultValue: '',
    description: 'Legal basis (laws, treaties; up to 5,000 characters).',
  })
  @CodePointLength(0, L.legalBasis)
  @MultiLine()
  legalBasis: string;

  @Field(() => [Language], {
    nullable: true,
    defaultValue: [],
    description: 'Languages it accepts requests in.',
  })
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Language, { each: true })
  languages: Language[];

  @Field(() => [CommunicationChannel], {
    nullable: true,
    defaultValue: [],
    description: 'Channels through which it accepts requests.',
  })
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsEnum(CommunicationChannel, { each: true })
  channels: CommunicationChannel[];

  @Field({ nullable: true, defaultValue: '', description: 'Public postal address (up to 1,000 characters).' })
  @CodePointLength(0, L.address)
  @MultiLine()
  address: string;

  @Field(() => String, { nullable: true, description: 'Public website (http(s) URL).' })
  @IsOptional()
  @MaxLength(L.url)
  @HttpUrl()
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'Direct phone (restricted to verified members).' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number, e.g. +227 20 72 31 41' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Direct e-mail (restricted to verified members).' })
  @IsOptional()
  @MaxLength(L.email)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Urgent 24/7 contact (restricted to verified members; up to 1,000 characters).',
  })
  @IsOptional()
  @CodePointLength(1, L.urgentContact)
  @MultiLine()
  urgentContact?: string | null;
}

@InputType({
  description:
    'Changes to a directory entry. Omitted fields stay as they are; null clears an optional contact.',
})
export class UpdateCentralAuthorityInput {
  @Field(() => ID, { description: 'The directory entry.' })
  id: string;

  @Field(() => String, { nullable: true, description: 'Name of the authority (1 to 300 characters).' })
  @IsOptional()
  @CodePointLength(1, L.name)
  @NotBlank()
  name?: string | null;

  @Field(() => [CooperationKind], {
    nullable: true,
    description: 'Kinds of cooperation (replaces the list).',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsEnum(CooperationKind, { each: true })
  kinds?: CooperationKind[] | null;

  @Field(() => String, { nullable: true, description: 'Legal basis (up to 5,000 characters).' })
  @IsOptional()
  @CodePointLength(0, L.legalBasis)
  @MultiLine()
  legalBasis?: string | null;

  @Field(() => [Language], { nullable: true, description: 'Languages accepted (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(6)
  @ArrayUnique()
  @IsEnum(Language, { each: true })
  languages?: Language[] | null;

  @Field(() => [CommunicationChannel], { nullable: true, description: 'Channels (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsEnum(CommunicationChannel, { each: true })
  channels?: CommunicationChannel[] | null;

  @Field(() => String, { nullable: true, description: 'Public postal address.' })
  @IsOptional()
  @CodePointLength(0, L.address)
  @MultiLine()
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Public website (http(s) URL); null clears it.' })
  @IsOptional()
  @MaxLength(L.url)
  @HttpUrl()
  website?: string | null;

  @Field(() => String, { nullable: true, description: 'Direct phone; null clears it.' })
  @IsOptional()
  @Matches(PHONE, { message: 'phone must be a phone number, e.g. +227 20 72 31 41' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Direct e-mail; null clears it.' })
  @IsOptional()
  @MaxLength(L.email)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Urgent 24/7 contact; null clears it.' })
  @IsOptional()
  @CodePointLength(1, L.urgentContact)
  @MultiLine()
  urgentContact?: string | null;
}

@InputType({ description: 'The input of `confirmCentralAuthority`.' })
export class ConfirmCentralAuthorityInput {
  @Field(() => ID, { description: 'The directory entry.' })
  id: string;
}
