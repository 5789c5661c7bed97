import { Field, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Node } from '../../common/relay/node.interface';
import { LANGUAGES, Language } from '../../common/i18n/language';
import { CentralAuthorityChange, CommunicationChannel, CooperationKind } from './central-authority.enums';
import { ListSize } from '../../common/limits/list-size';
import { SNAPSHOT_FIELDS } from './central-authority.service';

@ObjectType('CentralAuthority', {
  implements: Node,
  description:
    'A country’s authority for extradition, mutual legal assistance, transfer of sentenced persons or asset ' +
    'recovery. Public, except the direct contacts (verified members only).',
})
export class CentralAuthority extends Node {
  @Field({ description: 'Name of the authority.' })
  name: string;

  @ListSize(Object.keys(CooperationKind).length)
  @Field(() => [CooperationKind], { description: 'The kinds of cooperation it handles.' })
  kinds: CooperationKind[];

  @Field({ description: 'Legal basis (laws, treaties); empty when not recorded.' })
  legalBasis: string;

  @ListSize(LANGUAGES.length)
  @Field(() => [Language], { description: 'Languages it accepts requests in.' })
  languages: string[];

  @ListSize(Object.keys(CommunicationChannel).length)
  @Field(() => [CommunicationChannel], { description: 'Channels through which it accepts requests.' })
  channels: CommunicationChannel[];

  @Field({ description: 'Public postal address; empty when not recorded.' })
  address: string;

  @Field(() => String, { nullable: true, description: 'Public website.' })
  website: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When someone last confirmed the entry is correct; null if never.',
  })
  lastConfirmedAt: Date | null;

  @Field({ description: 'Demo data of the demo community, not a real authority.' })
  isDemo: boolean;

  @Field({ description: 'When the entry was created.' })
  createdAt: Date;

  @Field({ description: 'When the entry last changed.' })
  updatedAt: Date;
}

@ObjectType('CentralAuthorityRevision', { description: 'One recorded change to a directory entry.' })
export class CentralAuthorityRevision {
  @Field(() => CentralAuthorityChange, { description: 'What the change was.' })
  change: CentralAuthorityChange;

  @ListSize(SNAPSHOT_FIELDS.length)
  @Field(() => [String], { description: 'The fields it set (every field for CREATE, none for CONFIRM).' })
  changedFields: string[];

  @Field(() => GraphQLJSONObject, { description: 'The entry’s fields after the change.' })
  snapshot: Record<string, unknown>;

  @Field({ description: 'When it happened.' })
  createdAt: Date;
}
