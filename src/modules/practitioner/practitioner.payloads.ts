import { Field, ObjectType } from 'type-graphql';
import type { PractitionerEntity } from './practitioner.entity';
import { Practitioner } from './practitioner.types';

@ObjectType({ description: 'The result of `updateProfile`.' })
export class UpdateProfilePayload {
  @Field(() => Practitioner, { description: 'Your profile as it now is.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `verifyPractitioner`.' })
export class VerifyPractitionerPayload {
  @Field(() => Practitioner, { description: 'The practitioner, with their new verification status.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `setRole`.' })
export class SetRolePayload {
  @Field(() => Practitioner, { description: 'The practitioner, with their new role.' })
  practitioner: PractitionerEntity;
}
