import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { Role } from '../../common/auth/role';
import { fromGlobalIdOf } from '../../common/relay/global-id';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { isModerator } from '../practitioner';
import { PRACTITIONER_TYPE } from '../practitioner';
import type { SuspensionService } from './moderation-suspension.service';
import { SuspendPractitionerInput, UnsuspendPractitionerInput } from './moderation.inputs';
import { SuspendPractitionerPayload, UnsuspendPractitionerPayload } from './moderation.payloads';

/** Suspending and unsuspending practitioners, and what a practitioner shows of their suspension. */
@Resolver(() => Practitioner)
export class PractitionerSuspensionResolver {
  constructor(private readonly suspensions: SuspensionService) {}

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => SuspendPractitionerPayload, {
    description:
      'Suspends a practitioner until `until` (indefinitely when absent), at once: their writes fail with ' +
      'FORBIDDEN, their refresh tokens stop working and their open WebSocket connections are closed (4403). ' +
      'Global moderators; only admins suspend moderators and admins.',
  })
  async suspendPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SuspendPractitionerInput, { description: 'The practitioner, until when and why.' })
    { id, until, reason }: SuspendPractitionerInput,
  ): Promise<SuspendPractitionerPayload> {
    return {
      practitioner: await this.suspensions.suspend(
        viewer,
        fromGlobalIdOf(PRACTITIONER_TYPE, id),
        until,
        reason,
      ),
    };
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => UnsuspendPractitionerPayload, { description: 'Lifts a suspension (global moderators).' })
  async unsuspendPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UnsuspendPractitionerInput, { description: 'The practitioner and why.' })
    { id, note }: UnsuspendPractitionerInput,
  ): Promise<UnsuspendPractitionerPayload> {
    return {
      practitioner: await this.suspensions.unsuspend(viewer, fromGlobalIdOf(PRACTITIONER_TYPE, id), note),
    };
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
