import { Field, ID, InputType } from 'type-graphql';

const TARGET_ID = { description: 'The ID of a Practitioner or a Network.' } as const;

@InputType({ description: 'The input of `follow`.' })
export class FollowInput {
  @Field(() => ID, TARGET_ID)
  targetId: string;
}

@InputType({ description: 'The input of `unfollow`.' })
export class UnfollowInput {
  @Field(() => ID, TARGET_ID)
  targetId: string;
}
