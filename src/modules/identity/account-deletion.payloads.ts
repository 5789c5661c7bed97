import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The result of `deleteAccount` and `deletePractitioner`.' })
export class DeleteAccountPayload {
  @Field(() => ID, {
    description:
      'The deleted practitioner: from now on a tombstone (`isDeleted` true, named "Former member"), for the ' +
      'client to update what it cached.',
  })
  deletedPractitionerId: string;

  @Field({ description: 'Whether their posts and comments were removed too.' })
  contentRemoved: boolean;

  @Field(() => Int, { description: 'How many open sessions ended (their WebSockets close).' })
  sessionsEnded: number;
}

@ObjectType({ description: 'The result of `deletePractitioner`.' })
export class DeletePractitionerPayload extends DeleteAccountPayload {}
