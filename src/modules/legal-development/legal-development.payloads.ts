import { Field, ObjectType } from 'type-graphql';
import type { LegalDevelopmentEntity } from './legal-development.entity';
import { LegalDevelopment } from './legal-development.types';

@ObjectType({ description: 'The result of `proposeLegalDevelopment`.' })
export class ProposeLegalDevelopmentPayload {
  @Field(() => LegalDevelopment, {
    description:
      'The new development (PENDING_REVIEW, or PUBLISHED when published directly), or the first one created ' +
      'with this idempotency key.',
  })
  legalDevelopment: LegalDevelopmentEntity;
}

@ObjectType({ description: 'The result of `updateLegalDevelopment`.' })
export class UpdateLegalDevelopmentPayload {
  @Field(() => LegalDevelopment, { description: 'The development as it now is.' })
  legalDevelopment: LegalDevelopmentEntity;
}

@ObjectType({ description: 'The result of `reviewLegalDevelopment`.' })
export class ReviewLegalDevelopmentPayload {
  @Field(() => LegalDevelopment, { description: 'The development, with its new status.' })
  legalDevelopment: LegalDevelopmentEntity;
}
