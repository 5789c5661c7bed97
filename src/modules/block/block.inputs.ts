import { Field, ID, InputType } from 'type-graphql';

const PRACTITIONER_ARG = { description: 'The practitioner.' } as const;
const NETWORK_ARG = { description: 'The network.' } as const;

@InputType({ description: 'The input of `blockPractitioner`.' })
export class BlockPractitionerInput {
  @Field(() => ID, PRACTITIONER_ARG)
  practitionerId: string;
}

@InputType({ description: 'The input of `unblockPractitioner`.' })
export class UnblockPractitionerInput {
  @Field(() => ID, PRACTITIONER_ARG)
  practitionerId: string;
}

@InputType({ description: 'The input of `mutePractitioner`.' })
export class MutePractitionerInput {
  @Field(() => ID, PRACTITIONER_ARG)
  practitionerId: string;
}

@InputType({ description: 'The input of `unmutePractitioner`.' })
export class UnmutePractitionerInput {
  @Field(() => ID, PRACTITIONER_ARG)
  practitionerId: string;
}

@InputType({ description: 'The input of `muteNetwork`.' })
export class MuteNetworkInput {
  @Field(() => ID, NETWORK_ARG)
  networkId: string;
}

@InputType({ description: 'The input of `unmuteNetwork`.' })
export class UnmuteNetworkInput {
  @Field(() => ID, NETWORK_ARG)
  networkId: string;
}
