import { Field, ObjectType } from 'type-graphql';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import type { ContactRequestEntity } from './contact.entity';
import { ContactRequest } from './contact.types';

@ObjectType({ description: 'The result of `requestContact`.' })
export class RequestContactPayload {
  @Field(() => ContactRequest, { description: 'Your request (PENDING).' })
  contactRequest: ContactRequestEntity;
}

@ObjectType({ description: 'The result of `respondToContactRequest`.' })
export class RespondToContactRequestPayload {
  @Field(() => ContactRequest, { description: 'The request, accepted or declined.' })
  contactRequest: ContactRequestEntity;
}

@ObjectType({ description: 'The result of `cancelContactRequest`.' })
export class CancelContactRequestPayload {
  @Field(() => ContactRequest, { description: 'The request, cancelled.' })
  contactRequest: ContactRequestEntity;
}

@ObjectType({ description: 'The result of `removeContact`.' })
export class RemoveContactPayload {
  @Field(() => Practitioner, {
    nullable: true,
    description: 'The former contact; null when their profile is not visible to you.',
  })
  practitioner: PractitionerEntity | null;
}
