import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { SecurityEventKind } from './security-log.enums';

export const SECURITY_EVENT_TYPE = 'SecurityEvent';

@ObjectType('SecurityEvent', {
  implements: Node,
  description:
    'An entry of your security log: something that happened to your account’s access. Visible to you ' +
    'alone; kept for a year.',
})
export class SecurityEvent extends Node {
  @Field(() => SecurityEventKind, { description: 'What happened.' })
  kind: SecurityEventKind;

  @Field(() => Date, { description: 'When it happened.' })
  at: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The client that did it, from its User-Agent ("Firefox on Windows"); null when unknown.',
  })
  clientName: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The network of the client’s address (/24 for IPv4, /48 for IPv6), never the address; null when unknown.',
  })
  ipPrefix: string | null;
}

export const SecurityEventConnection = Connection(SecurityEvent, 'SecurityEvent');
