import { Field, ID, InputType } from 'type-graphql';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { ArrayMaxSize, IsEnum, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { JoinPolicy, MembershipStatus, NetworkKind, NetworkRole } from './network.enums';
import { MultiLine } from '../../common/validation/text';
import { AccountCountryCodes } from '../reference';

const COUNTRY_CODE = /^[A-Za-z]{2}$/;

@InputType({ description: 'Filters of the network list; all given filters must match.' })
export class NetworkFilter {
  @Field(() => [NetworkKind], { nullable: true, description: 'Networks of any of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(NetworkKind, { each: true })
  kinds?: NetworkKind[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'ISO 3166-1 alpha-2 codes: the COUNTRY networks of these countries and the REGIONAL networks that include any of them.',
  })
  @IsOptional()
  @ArrayMaxSize(250)
  @Matches(COUNTRY_CODE, { each: true, message: 'each value must be an ISO 3166-1 alpha-2 code' })
  @AccountCountryCodes({ field: 'filter.countryCodes' })
  countryCodes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Name contains this text (case-insensitive).' })
  @IsOptional()
  @Length(1, 100)
  search?: string | null;

  @Field(() => MembershipStatus, {
    nullable: true,
    description:
      'Only networks where the viewer’s membership has this status: ACTIVE for one’s networks, ' +
      'INVITED for one’s invitations, REQUESTED for one’s pending requests.',
  })
  @IsOptional()
  @IsEnum(MembershipStatus)
  viewerMembershipStatus?: MembershipStatus | null;
}

@InputType({ description: 'A new working group; its creator becomes its OWNER.' })
export class CreateWorkingGroupInput {
  @Field({
    description:
      'Name (1 to 200 characters): not that of a country, region or thematic area in any UN language ' +
      '(ignoring case, accents, spaces and punctuation), and holding no web or e-mail address.',
  })
  @Length(1, 200)
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'What the group is for (Markdown, up to 4,000 characters).',
  })
  @IsOptional()
  @MaxLength(4000)
  @MultiLine()
  description?: string | null;

  @Field(() => JoinPolicy, {
    defaultValue: JoinPolicy.REQUEST,
    description: 'How one becomes a member; REQUEST unless given.',
  })
  @IsEnum(JoinPolicy)
  joinPolicy: JoinPolicy = JoinPolicy.REQUEST;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@InputType({
  description:
    'Changes to a network. Omitted fields stay as they are; null clears the description. The kind, country, ' +
    'region and thematic area of a network never change.',
})
export class UpdateNetworkInput {
  @Field(() => ID, { description: 'The network.' })
  id: string;

  @Field(() => String, {
    nullable: true,
    description: 'New name (1 to 200 characters; for a working group, as in CreateWorkingGroupInput).',
  })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description (Markdown, up to 4,000 characters).' })
  @IsOptional()
  @MaxLength(4000)
  @MultiLine()
  description?: string | null;

  @Field(() => JoinPolicy, { nullable: true, description: 'New join policy.' })
  @IsOptional()
  @IsEnum(JoinPolicy)
  joinPolicy?: JoinPolicy | null;
}

const NETWORK_ID = { description: 'The network.' } as const;
const PRACTITIONER_ID = { description: 'The practitioner.' } as const;

@InputType({ description: 'The input of `joinNetwork`.' })
export class JoinNetworkInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;
}

@InputType({ description: 'The input of `leaveNetwork`.' })
export class LeaveNetworkInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;
}

@InputType({ description: 'The input of `declineNetworkInvitation`.' })
export class DeclineNetworkInvitationInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;
}

@InputType({ description: 'The input of `approveNetworkRequest`.' })
export class ApproveNetworkRequestInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;

  @Field(() => ID, PRACTITIONER_ID)
  practitionerId: string;
}

@InputType({ description: 'The input of `declineNetworkRequest`.' })
export class DeclineNetworkRequestInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;

  @Field(() => ID, PRACTITIONER_ID)
  practitionerId: string;
}

@InputType({ description: 'The input of `inviteToNetwork`.' })
export class InviteToNetworkInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;

  @Field(() => ID, PRACTITIONER_ID)
  practitionerId: string;
}

@InputType({ description: 'The input of `removeNetworkMember`.' })
export class RemoveNetworkMemberInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;

  @Field(() => ID, PRACTITIONER_ID)
  practitionerId: string;
}

@InputType({ description: 'The input of `setNetworkRole`.' })
export class SetNetworkRoleInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;

  @Field(() => ID, PRACTITIONER_ID)
  practitionerId: string;

  @Field(() => NetworkRole, { description: 'The new role.' })
  role: NetworkRole;
}

@InputType({ description: 'The input of `setNetworkCountries`.' })
export class SetNetworkCountriesInput {
  @Field(() => ID, NETWORK_ID)
  networkId: string;

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 codes (at least one).' })
  countryCodes: string[];
}
