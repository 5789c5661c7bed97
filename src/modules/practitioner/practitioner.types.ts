import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { Role, VerificationStatus } from '../../common/auth/role';
import { Profession } from './practitioner.enums';
import { markdownSourceNote } from '../../common/markdown/render-markdown';

@ObjectType('Practitioner', {
  implements: Node,
  description:
    'A member of the community: a criminal-justice official, expert or moderator. Visible to signed-in callers; ' +
    'unverified members only to themselves and moderators.',
})
export class Practitioner extends Node {
  @Field({ description: 'Name shown to other members.' })
  displayName: string;

  @Field(() => String, {
    nullable: true,
    description: 'Institution, e.g. the prosecution office or ministry.',
  })
  organization: string | null;

  @Field(() => String, { nullable: true, description: 'Position or title within the organization.' })
  position: string | null;

  @Field(() => Profession, { description: 'Professional role in criminal justice.' })
  profession: Profession;

  @Field(() => String, {
    nullable: true,
    description: `Short biography (up to 4,000 characters). ${markdownSourceNote('bioHtml')}`,
  })
  bio: string | null;

  @Field(() => Role, { description: 'Platform role.' })
  role: Role;

  @Field(() => VerificationStatus, { description: 'Whether a moderator has vetted this member.' })
  verification: VerificationStatus;

  @Field({ description: 'True for accounts of the demo community, which are not real officials.' })
  isDemo: boolean;
}

export const PractitionerConnection = Connection(Practitioner, 'Practitioner');

export enum VerificationDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(VerificationDecision, {
  name: 'VerificationDecision',
  description: 'A moderator’s decision on a member’s vetting.',
  valuesConfig: {
    APPROVE: { description: 'The member is a criminal-justice official: make them VERIFIED.' },
    REJECT: { description: 'The member could not be vetted: make them REJECTED.' },
  },
});
