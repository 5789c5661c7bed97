import { Field, ObjectType } from 'type-graphql';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { Network } from '../network';
import type { NetworkEntity } from '../network';

@ObjectType({ description: 'The result of `follow`: what you now follow (one of the two fields is set).' })
export class FollowPayload {
  @Field(() => Practitioner, {
    nullable: true,
    description: 'The practitioner you follow; null when you followed a network (or cannot see the profile).',
  })
  practitioner: PractitionerEntity | null;

  @Field(() => Network, {
    nullable: true,
    description: 'The network you follow; null when you followed a practitioner (or cannot see the network).',
  })
  network: NetworkEntity | null;
}

@ObjectType({
  description: 'The result of `unfollow`: what you no longer follow (one of the two fields is set).',
})
export class UnfollowPayload {
  @Field(() => Practitioner, {
    nullable: true,
    description: 'The practitioner you unfollowed; null for a network (or when you cannot see the profile).',
  })
  practitioner: PractitionerEntity | null;

  @Field(() => Network, {
    nullable: true,
    description: 'The network you unfollowed; null for a practitioner (or when you cannot see the network).',
  })
  network: NetworkEntity | null;
}
