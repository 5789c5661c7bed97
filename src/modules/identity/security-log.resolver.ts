import { Args, Authorized, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { canViewSecurityEvent, SecurityLog } from './security-log';
import { SecurityEventEntity } from './security-log.entity';
import { SECURITY_EVENT_TYPE, SecurityEvent, SecurityEventConnection } from './security-log.types';

/** The Node declaration of `SecurityEvent` (listed in the module manifest): its practitioner alone reads it. */
export const securityEventNode = nodeType<SecurityEventEntity>(SECURITY_EVENT_TYPE, {
  isTypeOf: (value) => value instanceof SecurityEventEntity,
  byId: (ctx, id) => ctx.loaders.identity.securityEventById.load(id),
  canRead: (ctx, e) => canViewSecurityEvent(ctx.viewer, e),
});

@Resolver(() => SecurityEvent)
export class SecurityLogResolver {
  constructor(private readonly securityLog: SecurityLog) {}

  @Authorized()
  @Query(() => SecurityEventConnection, {
    description:
      'Your security log, newest first: sign-ins and failed sign-ins, sign-outs, ended sessions, reused ' +
      'refresh tokens, password, e-mail and factor changes, exports. Entries are kept for a year.',
  })
  mySecurityEvents(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<SecurityEventEntity>> {
    return this.securityLog.list(viewer, args);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() e: SecurityEventEntity): string {
    return toGlobalId(SECURITY_EVENT_TYPE, e.id);
  }
}
