import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { Role } from '../../common/auth/role';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { MultiLineArgs } from '../../common/validation/text';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { isModerator } from '../practitioner';
import { PRACTITIONER_TYPE } from '../practitioner';
import type { SuspensionService } from './moderation-suspension.service';

/** Suspending and unsuspending practitioners, and what a practitioner shows of their suspension. */
@Resolver(() => Practitioner)
export class PractitionerSuspensionResolver {
  constructor(private readonly suspensions: SuspensionService) {}

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => Practitioner, {
    description:
      'Suspends a practitioner until `until` (indefinitely when absent), at once: their writes fail with ' +
      'FORBIDDEN, their refresh tokens stop working and their open WebSocket connections are closed (4403). ' +
      'Global moderators; only admins suspend moderators and admins.',
  })
  @MultiLineArgs('reason')
  suspendPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The practitioner.' }) id: string,
    @Arg('until', () => Date, { nullable: true, description: 'When it ends (in the future).' })
    until: Date | null,
    @Arg('reason', { description: 'Why (1 to 1,000 characters); shown to them.' }) reason: string,
  ): Promise<PractitionerEntity> {
    return this.suspensions.suspend(viewer, fromGlobalIdOf(PRACTITIONER_TYPE, id), until, reason);
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => Practitioner, { description: 'Lifts a suspension (global moderators).' })
  @MultiLineArgs('note')
  unsuspendPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The practitioner.' }) id: string,
    @Arg('note', () => String, { nullable: true, description: 'Why (up to 1,000 characters).' })
    note: string | null,
  ): Promise<PractitionerEntity> {
    return this.suspensions.unsuspend(viewer, fromGlobalIdOf(PRACTITIONER_TYPE, id), note);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'Suspended until (the practitioner themselves and moderators); null when not suspended.',
  })
  suspendedUntil(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Date | null {
    if (!ctx.viewer || (ctx.viewer.id !== p.id && !isModerator(ctx.viewer))) return null;
    return p.suspendedUntil && p.suspendedUntil.getTime() > Date.now() ? p.suspendedUntil : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Why they are suspended (the practitioner themselves and moderators).',
  })
  suspensionReason(@Root() p: PractitionerEntity, @Ctx() ctx: Context): string | null {
    return this.suspendedUntil(p, ctx) ? p.suspensionReason : null;
  }
}
