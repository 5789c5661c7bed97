import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import type { SessionEntity } from './session.entity';

export const SESSION_TYPE = 'Session';

@ObjectType('Session', {
  implements: Node,
  description:
    'One of your sign-ins (a device or browser) and its refresh tokens. Visible to you alone. What is ' +
    'kept: the client’s name, the network of its address (never the address) and times.',
})
export class Session extends Node {
  @Field(() => String, {
    nullable: true,
    description:
      'The client, from its User-Agent at the last sign-in or refresh ("Firefox on Windows"); null when it ' +
      'sent none, "Unknown client" when it was not recognised.',
  })
  clientName: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The network of the client’s address at the last sign-in or refresh: its /24 for IPv4 ' +
      '("203.0.113.0/24"), its /48 for IPv6 ("2001:db8:fac::/48"); never the full address. Null when unknown.',
  })
  ipPrefix: string | null;

  @Field(() => Date, { description: 'When you signed in.' })
  createdAt: Date;

  @Field(() => Date, {
    description:
      'When the session was last used (sign-in, refresh, or a request with its access token); to within ' +
      'five minutes.',
  })
  lastUsedAt: Date;
}

export const SessionConnection = Connection(Session, 'Session');

@InputType({ description: 'The input of `endSession`.' })
export class EndSessionInput {
  @Field({ description: 'The ID of one of your sessions (from `mySessions`).' })
  @MaxLength(200)
  sessionId: string;
}

@ObjectType({ description: 'The result of `endSession`.' })
export class EndSessionPayload {
  @Field(() => Session, { description: 'The session, now ended (`endedAt` set).' })
  session: SessionEntity;
}

@ObjectType({ description: 'The result of `endOtherSessions`.' })
export class EndOtherSessionsPayload {
  @Field(() => Int, { description: 'How many sessions were ended (0 when this was the only one).' })
  endedCount: number;
}
