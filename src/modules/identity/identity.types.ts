import { Field, ObjectType } from 'type-graphql';
import { Practitioner } from '../practitioner/practitioner.types';
import type { PractitionerEntity } from '../practitioner/practitioner.entity';

@ObjectType({ description: 'A signed-in session: tokens and the practitioner they belong to.' })
export class AuthPayload {
  @Field({
    description:
      'Short-lived JWT; send as `Authorization: Bearer <token>` (HTTP) or `connectionParams.authorization` (WebSocket).',
  })
  accessToken: string;

  @Field({
    description:
      'Single-use token for `refreshSession`; keep it secret. Reusing a rotated one ends the session.',
  })
  refreshToken: string;

  @Field({ description: 'When the access token expires.' })
  expiresAt: Date;

  @Field(() => Practitioner, { description: 'The signed-in practitioner.' })
  practitioner: PractitionerEntity;
}
