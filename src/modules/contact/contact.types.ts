import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { PageInfo } from '../../common/relay/pagination';
import { Practitioner } from '../practitioner';
import { ContactRequestStatus } from './contact.enums';
import { ListSize } from '../../common/limits/list-size';

/** The type name in ContactRequest global IDs. */
export const CONTACT_REQUEST_TYPE = 'ContactRequest';

@ObjectType(CONTACT_REQUEST_TYPE, {
  implements: Node,
  description: 'A request to become contacts. Visible to its requester and its addressee only.',
})
export class ContactRequest extends Node {
  @Field(() => String, { nullable: true, description: 'The requester’s note (up to 1,000 characters).' })
  message: string | null;

  @Field(() => ContactRequestStatus, { description: 'Where the request stands.' })
  status: ContactRequestStatus;

  @Field({ description: 'When the request was sent.' })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was accepted, declined or cancelled; null while pending.',
  })
  respondedAt: Date | null;
}

export const ContactRequestConnection = Connection(ContactRequest, 'ContactRequest');

@ObjectType('ContactEdge', { description: 'One of your contacts in a page, with its cursor.' })
export class ContactEdge {
  @Field({ description: 'Pass as `after` to continue after this item.' })
  cursor: string;

  @Field(() => Practitioner, { description: 'The contact.' })
  node: object;

  @Field({ description: 'Since when you are contacts.' })
  since: Date;
}

@ObjectType('ContactConnection', { description: 'A page of your contacts, most recent first.' })
export class ContactConnection {
  @ListSize('page')
  @Field(() => [ContactEdge], { description: 'The items of this page, in order.' })
  edges: ContactEdge[];

  @Field(() => PageInfo, { description: 'Whether more items follow, and from where.' })
  pageInfo: PageInfo;
}
