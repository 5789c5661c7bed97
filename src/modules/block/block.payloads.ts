import { Field, ObjectType } from 'type-graphql';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { Network } from '../network';
import type { NetworkEntity } from '../network';

@ObjectType({ description: 'The result of `blockPractitioner`.' })
export class BlockPractitionerPayload {
  @Field(() => Practitioner, { description: 'The practitioner you blocked.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `unblockPractitioner`.' })
export class UnblockPractitionerPayload {
  @Field(() => Practitioner, { description: 'The practitioner you unblocked.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `mutePractitioner`.' })
export class MutePractitionerPayload {
  @Field(() => Practitioner, { description: 'The practitioner you muted.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `unmutePractitioner`.' })
export class UnmutePractitionerPayload {
  @Field(() => Practitioner, { description: 'The practitioner you unmuted.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `muteNetwork`.' })
export class MuteNetworkPayload {
  @Field(() => Network, { description: 'The network you muted.' })
  network: NetworkEntity;
}

@ObjectType({ description: 'The result of `unmuteNetwork`.' })
export class UnmuteNetworkPayload {
  @Field(() => Network, { description: 'The network you unmuted.' })
  network: NetworkEntity;
}
