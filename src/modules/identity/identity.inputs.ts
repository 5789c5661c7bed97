import { Field, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEmail, IsEnum, IsOptional, Matches, MaxLength } from 'class-validator';
import { Language } from '../../common/i18n/language';
import { AccountCountryCode } from '../reference';
import { Profession } from '../practitioner';
import { CodePointLength, COUNTRY_CODE } from '../practitioner';

@InputType({ description: 'A new account. It starts PENDING until a moderator vets it.' })
export class RegisterInput {
  @Field({ description: 'Work e-mail address; unique regardless of case.' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @Field({
    description:
      '12 to 256 characters (after Unicode NFKC normalisation), not one of the most common passwords, not ' +
      'containing the e-mail address (BAD_USER_INPUT with a `reason`: TOO_SHORT, TOO_LONG, COMMON, CONTAINS_EMAIL).',
  })
  @MaxLength(1024)
  password: string;

  @Field({ description: 'Name shown to other members (1 to 120 characters).' })
  @CodePointLength(1, 120)
  displayName: string;

  @Field({ description: 'ISO 3166-1 alpha-2 code of the country one works in.' })
  @Matches(COUNTRY_CODE, { message: 'countryCode must be an ISO 3166-1 alpha-2 code' })
  @AccountCountryCode()
  countryCode: string;

  @Field(() => Profession, { description: 'Professional role.' })
  @IsEnum(Profession)
  profession: Profession;

  @Field(() => String, { nullable: true, description: 'Institution (up to 200 characters).' })
  @IsOptional()
  @CodePointLength(0, 200)
  organization?: string | null;

  @Field(() => [Language], { nullable: true, description: 'Languages one works in.' })
  @IsOptional()
  @ArrayMaxSize(6)
  @ArrayUnique()
  languages?: Language[] | null;
}

@InputType({ description: 'Credentials to sign in with.' })
export class LoginInput {
  @Field({ description: 'The account’s e-mail address (any case).' })
  @MaxLength(254)
  email: string;

  @Field({ description: 'The password.' })
  @MaxLength(1024)
  password: string;
}

@InputType({ description: 'The input of `refreshSession`.' })
export class RefreshSessionInput {
  @Field({ description: 'The latest refresh token of the session.' })
  refreshToken: string;
}

@InputType({ description: 'The input of `logout`.' })
export class LogoutInput {
  @Field({ description: 'Any refresh token of the session.' })
  refreshToken: string;
}
