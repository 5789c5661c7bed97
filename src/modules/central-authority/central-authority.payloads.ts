import { Field, ObjectType } from 'type-graphql';
import type { CentralAuthorityEntity } from './central-authority.entity';
import { CentralAuthority } from './central-authority.types';

@ObjectType({ description: 'The result of `createCentralAuthority`.' })
export class CreateCentralAuthorityPayload {
  @Field(() => CentralAuthority, { description: 'The new directory entry.' })
  centralAuthority: CentralAuthorityEntity;
}

@ObjectType({ description: 'The result of `updateCentralAuthority`.' })
export class UpdateCentralAuthorityPayload {
  @Field(() => CentralAuthority, { description: 'The directory entry as it now is.' })
  centralAuthority: CentralAuthorityEntity;
}

@ObjectType({ description: 'The result of `confirmCentralAuthority`.' })
export class ConfirmCentralAuthorityPayload {
  @Field(() => CentralAuthority, { description: 'The directory entry, with its new `lastConfirmedAt`.' })
  centralAuthority: CentralAuthorityEntity;
}
