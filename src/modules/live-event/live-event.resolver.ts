import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { isVerified } from '../../common/auth/policy';
import { ForbiddenError } from '../../common/errors/errors';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ListSize } from '../../common/limits/list-size';
import { RENDERED_HTML_NOTE, renderMarkdownOnce } from '../../common/markdown/render-markdown';
import { Language } from '../../common/i18n/language';
import { Country, ThematicArea } from '../reference';
import type { CountryEntity, ReferenceCatalog, ThematicAreaEntity } from '../reference';
import { Practitioner, PRACTITIONER_TYPE } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { Network } from '../network';
import type { NetworkEntity } from '../network';
import { thematicAreasOf, visibleAuthor } from '../content';
import { LiveEventEntity, LiveEventRegistrationEntity, LiveEventSpeakerEntity } from './live-event.entity';
import { LiveEventStatus, RegistrationStatus } from './live-event.enums';
import {
  ApproveLiveEventRegistrationInput,
  CancelLiveEventInput,
  CreateLiveEventInput,
  DeclineLiveEventRegistrationInput,
  EndLiveEventInput,
  InviteToLiveEventInput,
  LIVE_EVENT_LIST_BOUNDS,
  LiveEventFilter,
  RegisterForLiveEventInput,
  ScheduleLiveEventInput,
  StartLiveEventInput,
  UpdateLiveEventInput,
  WithdrawFromLiveEventInput,
} from './live-event.inputs';
import {
  canManageLiveEvent,
  canSeeJoinUrl,
  canViewLiveEvent,
  canViewRegistration,
} from './live-event.policy';
import { LiveEventService } from './live-event.service';
import { LiveEventRegistrationService } from './live-event-registration.service';
import type { RegistrationResult } from './live-event-registration.service';
import type { LiveEventMaterialsService } from './live-event-materials.service';
import {
  DESCRIPTION_DOC,
  LiveEvent,
  LiveEventConnection,
  LiveEventRegistration,
  LiveEventRegistrationConnection,
  LiveEventSpeaker,
} from './live-event.types';

export const LIVE_EVENT_TYPE = 'LiveEvent';
export const LIVE_EVENT_REGISTRATION_TYPE = 'LiveEventRegistration';

/** The event's speakers through the request's loaders, as the policies take them. */
async function peopleOf(ctx: Context, eventId: string) {
  return { speakers: await ctx.loaders.liveEvent.speakers.load(eventId) };
}

/** canViewLiveEvent with the facts this request's loaders hold (batched). */
export async function canReadLiveEvent(ctx: Context, event: LiveEventEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  const [networkIds, people, scope] = await Promise.all([
    ctx.loaders.liveEvent.networkIds.load(event.id),
    peopleOf(ctx, event.id),
    ctx.loaders.liveEvent.viewerScope(),
  ]);
  return canViewLiveEvent(ctx.viewer, event, networkIds, people, scope);
}

/** Whether the viewer organises the event (and may see it). */
async function managesLiveEvent(ctx: Context, event: LiveEventEntity): Promise<boolean> {
  return (
    (await canReadLiveEvent(ctx, event)) &&
    canManageLiveEvent(ctx.viewer, event, await peopleOf(ctx, event.id))
  );
}

export const liveEventNode = nodeType<LiveEventEntity>(LIVE_EVENT_TYPE, {
  isTypeOf: (value) => value instanceof LiveEventEntity,
  byId: (ctx, id) => ctx.loaders.liveEvent.byId.load(id),
  canRead: canReadLiveEvent,
});

/** A registration: the person registered, or the event's organisers (who must see the event). */
export async function canReadRegistration(ctx: Context, r: LiveEventRegistrationEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  if (r.practitionerId === ctx.viewer.id) return canViewRegistration(ctx.viewer, r, false);
  const event = await ctx.loaders.liveEvent.byId.load(r.eventId);
  return !!event && canViewRegistration(ctx.viewer, r, await managesLiveEvent(ctx, event));
}

export const liveEventRegistrationNode = nodeType<LiveEventRegistrationEntity>(LIVE_EVENT_REGISTRATION_TYPE, {
  isTypeOf: (value) => value instanceof LiveEventRegistrationEntity,
  byId: (ctx, id) => ctx.loaders.liveEvent.registrationById.load(id),
  canRead: canReadRegistration,
});

@ObjectType('CreateLiveEventPayload', { description: 'The event created.' })
export class CreateLiveEventPayload {
  @Field(() => LiveEvent, { description: 'The new event (a DRAFT).' })
  liveEvent: LiveEventEntity;
}
@ObjectType('UpdateLiveEventPayload', { description: 'The event edited.' })
export class UpdateLiveEventPayload {
  @Field(() => LiveEvent, { description: 'The event as it is now.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('ScheduleLiveEventPayload', { description: 'The event scheduled.' })
export class ScheduleLiveEventPayload {
  @Field(() => LiveEvent, { description: 'The event, now SCHEDULED.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('StartLiveEventPayload', { description: 'The event started.' })
export class StartLiveEventPayload {
  @Field(() => LiveEvent, { description: 'The event, now LIVE.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('EndLiveEventPayload', { description: 'The event ended.' })
export class EndLiveEventPayload {
  @Field(() => LiveEvent, { description: 'The event, now ENDED.' })
  liveEvent: LiveEventEntity;
}
@ObjectType('CancelLiveEventPayload', { description: 'The event cancelled.' })
export class CancelLiveEventPayload {
  @Field(() => LiveEvent, { description: 'The event, now CANCELLED.' })
  liveEvent: LiveEventEntity;
}

function RegistrationPayload(name: string, what: string) {
  @ObjectType(name, { description: what })
  class Payload {
    @Field(() => LiveEventRegistration, { description: 'The registration as it is now.' })
    registration: LiveEventRegistrationEntity;

    @Field(() => LiveEvent, { description: 'Its event (with the seat counts as they are now).' })
    liveEvent: LiveEventEntity;
  }
  return Payload;
}
export const RegisterForLiveEventPayload = RegistrationPayload(
  'RegisterForLiveEventPayload',
  'The registration made (APPROVED, WAITING or PENDING).',
);
export const WithdrawFromLiveEventPayload = RegistrationPayload(
  'WithdrawFromLiveEventPayload',
  'The registration withdrawn.',
);
export const ApproveLiveEventRegistrationPayload = RegistrationPayload(
  'ApproveLiveEventRegistrationPayload',
  'The registration approved (or put in the waiting list when no seat remains).',
);
export const DeclineLiveEventRegistrationPayload = RegistrationPayload(
  'DeclineLiveEventRegistrationPayload',
  'The registration declined.',
);
export const InviteToLiveEventPayload = RegistrationPayload(
  'InviteToLiveEventPayload',
  'The invitation made.',
);

const event = (liveEvent: LiveEventEntity) => ({ liveEvent });

@Resolver(() => LiveEvent)
export class LiveEventResolver {
  constructor(
    private readonly events: LiveEventService,
    private readonly registrations: LiveEventRegistrationService,
    private readonly catalog: ReferenceCatalog,
    /** Records attendance when an APPROVED participant reads the join URL of a LIVE event. */
    private readonly materials?: LiveEventMaterialsService,
  ) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => CreateLiveEventPayload, {
    description:
      'Creates a DRAFT live event: experts, moderators and admins for the community; network owners for ' +
      'their own networks. You are its ORGANIZER.',
  })
  async createLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateLiveEventInput, { description: 'The event.' }) input: CreateLiveEventInput,
  ): Promise<CreateLiveEventPayload> {
    return event(await this.events.create(viewer, input));
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => UpdateLiveEventPayload, {
    description: 'Edits a DRAFT or SCHEDULED event (its organisers and moderators).',
  })
  async updateLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateLiveEventInput, { description: 'The event and the changes.' })
    input: UpdateLiveEventInput,
  ): Promise<UpdateLiveEventPayload> {
    return event(await this.events.update(viewer, input, fromGlobalIdOf(LIVE_EVENT_TYPE, input.id, 'id')));
  }

  @Authorized(COMMUNITY)
  @Mutation(() => ScheduleLiveEventPayload, {
    description: 'Announces a DRAFT event to its audience (→ SCHEDULED; organisers and moderators).',
  })
  async scheduleLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ScheduleLiveEventInput, { description: 'The event.' }) input: ScheduleLiveEventInput,
  ): Promise<ScheduleLiveEventPayload> {
    const id = fromGlobalIdOf(LIVE_EVENT_TYPE, input.id, 'id');
    return event(
      await this.events.transition(viewer, id, [LiveEventStatus.DRAFT], LiveEventStatus.SCHEDULED),
    );
  }

  @Authorized(COMMUNITY)
  @Mutation(() => StartLiveEventPayload, {
    description: 'Starts a SCHEDULED event (→ LIVE; organisers and moderators).',
  })
  async startLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => StartLiveEventInput, { description: 'The event.' }) input: StartLiveEventInput,
  ): Promise<StartLiveEventPayload> {
    const id = fromGlobalIdOf(LIVE_EVENT_TYPE, input.id, 'id');
    return event(await this.events.transition(viewer, id, [LiveEventStatus.SCHEDULED], LiveEventStatus.LIVE));
  }

  @Authorized(COMMUNITY)
  @Mutation(() => EndLiveEventPayload, {
    description: 'Ends a LIVE event (→ ENDED; organisers and moderators).',
  })
  async endLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => EndLiveEventInput, { description: 'The event.' }) input: EndLiveEventInput,
  ): Promise<EndLiveEventPayload> {
    const id = fromGlobalIdOf(LIVE_EVENT_TYPE, input.id, 'id');
    return event(await this.events.transition(viewer, id, [LiveEventStatus.LIVE], LiveEventStatus.ENDED));
  }

  @Authorized(COMMUNITY)
  @Mutation(() => CancelLiveEventPayload, {
    description:
      'Cancels a DRAFT, SCHEDULED or LIVE event (→ CANCELLED; organisers and moderators); registrants are told.',
  })
  async cancelLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CancelLiveEventInput, { description: 'The event.' }) input: CancelLiveEventInput,
  ): Promise<CancelLiveEventPayload> {
    const id = fromGlobalIdOf(LIVE_EVENT_TYPE, input.id, 'id');
    return event(
      await this.events.transition(
        viewer,
        id,
        [LiveEventStatus.DRAFT, LiveEventStatus.SCHEDULED, LiveEventStatus.LIVE],
        LiveEventStatus.CANCELLED,
      ),
    );
  }

  @Authorized(COMMUNITY)
  @RateLimit('reaction')
  @Mutation(() => RegisterForLiveEventPayload, {
    description:
      'Registers for a SCHEDULED or LIVE event you may see (or accepts your invitation): OPEN events approve ' +
      'while seats remain, then put you in the waiting list; APPROVAL events keep you PENDING until an ' +
      'organiser decides; INVITE_ONLY events admit invited people only (FORBIDDEN otherwise).',
  })
  registerForLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RegisterForLiveEventInput, { description: 'The event.' })
    input: RegisterForLiveEventInput,
  ): Promise<RegistrationResult> {
    const id = fromGlobalIdOf(LIVE_EVENT_TYPE, input.liveEventId, 'liveEventId');
    return this.registrations.register(viewer, id, input.idempotencyKey);
  }

  @Authorized(COMMUNITY)
  @Mutation(() => WithdrawFromLiveEventPayload, {
    description: 'Withdraws your registration or invitation; a freed seat goes to the first waiting person.',
  })
  withdrawFromLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => WithdrawFromLiveEventInput, { description: 'The event.' })
    input: WithdrawFromLiveEventInput,
  ): Promise<RegistrationResult> {
    return this.registrations.withdraw(
      viewer,
      fromGlobalIdOf(LIVE_EVENT_TYPE, input.liveEventId, 'liveEventId'),
    );
  }

  @Authorized(COMMUNITY)
  @Mutation(() => ApproveLiveEventRegistrationPayload, {
    description:
      'Approves a PENDING or WAITING registration (organisers and moderators); a PENDING one goes to the ' +
      'waiting list when no seat remains.',
  })
  approveLiveEventRegistration(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ApproveLiveEventRegistrationInput, { description: 'The registration.' })
    input: ApproveLiveEventRegistrationInput,
  ): Promise<RegistrationResult> {
    const id = fromGlobalIdOf(LIVE_EVENT_REGISTRATION_TYPE, input.registrationId, 'registrationId');
    return this.registrations.approve(viewer, id);
  }

  @Authorized(COMMUNITY)
  @Mutation(() => DeclineLiveEventRegistrationPayload, {
    description:
      'Declines a registration or invitation (organisers and moderators); a freed seat goes to the first waiting person.',
  })
  declineLiveEventRegistration(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeclineLiveEventRegistrationInput, { description: 'The registration.' })
    input: DeclineLiveEventRegistrationInput,
  ): Promise<RegistrationResult> {
    const id = fromGlobalIdOf(LIVE_EVENT_REGISTRATION_TYPE, input.registrationId, 'registrationId');
    return this.registrations.decline(viewer, id);
  }

  @Authorized(COMMUNITY)
  @RateLimit('reaction')
  @Mutation(() => InviteToLiveEventPayload, {
    description: 'Invites a verified member to a SCHEDULED or LIVE event (organisers and moderators).',
  })
  inviteToLiveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => InviteToLiveEventInput, { description: 'The event and the invitee.' })
    input: InviteToLiveEventInput,
  ): Promise<RegistrationResult> {
    return this.registrations.invite(
      viewer,
      fromGlobalIdOf(LIVE_EVENT_TYPE, input.liveEventId, 'liveEventId'),
      fromGlobalIdOf(PRACTITIONER_TYPE, input.practitionerId, 'practitionerId'),
    );
  }

  @Authorized(COMMUNITY)
  @Query(() => LiveEvent, {
    nullable: true,
    description: 'One live event; null if it is not visible to you.',
  })
  liveEvent(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The event.' }) id: string,
  ): Promise<LiveEventEntity | null> {
    return this.events.readable(viewer, fromGlobalIdOf(LIVE_EVENT_TYPE, id));
  }

  @Authorized(COMMUNITY)
  @Query(() => LiveEventConnection, {
    description:
      'Live events you may see, upcoming first (by start; both ways: `first`/`after` or `last`/`before`).',
  })
  liveEvents(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => LiveEventFilter, { nullable: true, description: 'Which events.' })
    filter: LiveEventFilter | null,
  ): Promise<Page<LiveEventEntity>> {
    return this.events.list(viewer, filter, args);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() e: LiveEventEntity): string {
    return toGlobalId(LIVE_EVENT_TYPE, e.id);
  }

  @FieldResolver(() => String, { description: DESCRIPTION_DOC })
  description(@Root() e: LiveEventEntity): string {
    return e.body;
  }

  @FieldResolver(() => String, { description: `The description as HTML. ${RENDERED_HTML_NOTE}` })
  descriptionHtml(@Root() e: LiveEventEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, e.body);
  }

  @FieldResolver(() => Language, { description: 'The language spoken on the floor.' })
  floorLanguage(@Root() e: LiveEventEntity): string {
    return e.language;
  }

  @ListSize(LIVE_EVENT_LIST_BOUNDS.languages)
  @FieldResolver(() => [Language], { description: 'Languages interpreted from the floor.' })
  interpretationLanguages(@Root() e: LiveEventEntity): string[] {
    return e.interpretationLanguages;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'The organiser who created it; null if their profile is not visible to you.',
  })
  organizer(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, e.authorId);
  }

  @ListSize(LIVE_EVENT_LIST_BOUNDS.speakers + 1)
  @FieldResolver(() => [LiveEventSpeaker], {
    description: 'Who speaks, with their roles (organisers first).',
  })
  speakers(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<LiveEventSpeakerEntity[]> {
    return ctx.loaders.liveEvent.speakers.load(e.id);
  }

  @ListSize(LIVE_EVENT_LIST_BOUNDS.countries)
  @FieldResolver(() => [Country], { description: 'Countries concerned.' })
  countries(@Root() e: LiveEventEntity): CountryEntity[] {
    return e.countryCodes.map((c) => this.catalog.country(c)).filter((c): c is CountryEntity => !!c);
  }

  @ListSize(LIVE_EVENT_LIST_BOUNDS.thematicAreas)
  @FieldResolver(() => [ThematicArea], { description: 'Thematic areas concerned.' })
  thematicAreas(@Root() e: LiveEventEntity): ThematicAreaEntity[] {
    return thematicAreasOf(this.catalog, e.thematicAreaCodes);
  }

  @ListSize(LIVE_EVENT_LIST_BOUNDS.networks)
  @FieldResolver(() => [Network], { description: 'The networks it is held for (NETWORKS visibility).' })
  networks(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<NetworkEntity[]> {
    return ctx.loaders.liveEvent.networks.load(e.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The https URL of the video room: for its organisers, speakers and APPROVED participants, from 15 ' +
      'minutes before the start until the end while SCHEDULED or LIVE; null otherwise.',
  })
  async joinUrl(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<string | null> {
    if (!e.joinUrl) return null;
    const [people, mine] = await Promise.all([
      peopleOf(ctx, e.id),
      ctx.loaders.liveEvent.viewerRegistration.load(e.id),
    ]);
    if (!canSeeJoinUrl(ctx.viewer, e, people, mine?.status ?? null)) return null;
    if (
      this.materials &&
      e.status === LiveEventStatus.LIVE &&
      mine?.status === RegistrationStatus.APPROVED &&
      !(await ctx.loaders.liveEventMaterials.attendance.load(mine.id))
    )
      await this.materials.attendOnJoin(mine);
    return e.joinUrl;
  }

  @FieldResolver(() => LiveEventRegistration, {
    nullable: true,
    description: 'Your own registration or invitation; null when none.',
  })
  viewerRegistration(
    @Root() e: LiveEventEntity,
    @Ctx() ctx: Context,
  ): Promise<LiveEventRegistrationEntity | null> {
    return ctx.loaders.liveEvent.viewerRegistration.load(e.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you organise it (or moderate the community).' })
  async viewerCanManage(@Root() e: LiveEventEntity, @Ctx() ctx: Context): Promise<boolean> {
    return canManageLiveEvent(ctx.viewer, e, await peopleOf(ctx, e.id));
  }

  @Authorized(COMMUNITY)
  @FieldResolver(() => LiveEventRegistrationConnection, {
    description:
      'Its registrations, oldest first, optionally of one status: for its organisers and moderators only ' +
      '(FORBIDDEN otherwise).',
  })
  async participants(
    @Root() e: LiveEventEntity,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('status', () => RegistrationStatus, { nullable: true, description: 'Only this status.' })
    status: RegistrationStatus | null,
  ): Promise<Page<LiveEventRegistrationEntity>> {
    if (!canManageLiveEvent(ctx.viewer, e, await peopleOf(ctx, e.id)))
      throw new ForbiddenError('Only the event’s organisers and moderators see its participants.');
    return this.registrations.participants(e.id, status, args);
  }
}

@Resolver(() => LiveEventSpeaker)
export class LiveEventSpeakerResolver {
  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'The speaker; null if their profile is not visible to you.',
  })
  practitioner(@Root() s: LiveEventSpeakerEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, s.practitionerId);
  }
}

@Resolver(() => LiveEventRegistration)
export class LiveEventRegistrationResolver {
  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() r: LiveEventRegistrationEntity): string {
    return toGlobalId(LIVE_EVENT_REGISTRATION_TYPE, r.id);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who registered (or was invited); null if their profile is not visible to you.',
  })
  practitioner(
    @Root() r: LiveEventRegistrationEntity,
    @Ctx() ctx: Context,
  ): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, r.practitionerId);
  }

  @FieldResolver(() => LiveEvent, { description: 'The event.' })
  async liveEvent(@Root() r: LiveEventRegistrationEntity, @Ctx() ctx: Context): Promise<LiveEventEntity> {
    return (await ctx.loaders.liveEvent.byId.load(r.eventId))!;
  }
}
