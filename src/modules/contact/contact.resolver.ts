import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { COMMUNITY } from '../../common/auth/role';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { PractitionerEntity } from '../practitioner';
import { ContactVisibility } from '../practitioner';
import { canViewContactDetails } from '../practitioner';
import { Practitioner } from '../practitioner';
import { PRACTITIONER_TYPE } from '../practitioner';
import { ContactRequestEntity } from './contact.entity';
import { ContactRequestDirection, ContactStatus } from './contact.enums';
import {
  CancelContactRequestInput,
  RemoveContactInput,
  RequestContactInput,
  RespondToContactRequestInput,
} from './contact.inputs';
import {
  CancelContactRequestPayload,
  RemoveContactPayload,
  RequestContactPayload,
  RespondToContactRequestPayload,
} from './contact.payloads';
import { canViewContactRequest } from './contact.policy';
import { ContactService } from './contact.service';
import {
  CONTACT_REQUEST_TYPE,
  ContactConnection,
  ContactRequest,
  ContactRequestConnection,
} from './contact.types';
import type { ContactEdge } from './contact.types';

/** The Node declaration of this type (listed in the module manifest). */
export const contactRequestNode = nodeType<ContactRequestEntity>(CONTACT_REQUEST_TYPE, {
  isTypeOf: (value) => value instanceof ContactRequestEntity,
  byId: (ctx, id) => ctx.loaders.contact.requestById.load(id),
  canRead: (ctx, r) => canViewContactRequest(ctx.viewer, r),
});

const requestId = (id: string) => fromGlobalIdOf(CONTACT_REQUEST_TYPE, id, 'requestId');

@Resolver(() => ContactRequest)
export class ContactResolver {
  constructor(private readonly service: ContactService) {}

  @Authorized(COMMUNITY)
  @Query(() => ContactConnection, { description: 'Your contacts, most recent first.' })
  async contacts(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<ContactConnection> {
    const page = await this.service.contacts(viewer, args);
    const people = await ctx.loaders.practitioner.byId.loadMany(page.edges.map((e) => e.node.contactId));
    const edges: ContactEdge[] = [];
    page.edges.forEach((e, i) => {
      const node = people[i];
      if (node instanceof PractitionerEntity) edges.push({ cursor: e.cursor, node, since: e.node.since });
    });
    return { edges, pageInfo: page.pageInfo };
  }

  @Authorized(COMMUNITY)
  @Query(() => ContactRequestConnection, { description: 'Your pending contact requests, newest first.' })
  contactRequests(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('direction', () => ContactRequestDirection, { description: 'Requests sent to you, or by you.' })
    direction: ContactRequestDirection,
  ): Promise<Page<ContactRequestEntity>> {
    return this.service.pendingRequests(viewer, direction, args);
  }

  @Authorized(COMMUNITY)
  @RateLimit('contact')
  @Mutation(() => RequestContactPayload, {
    description:
      'Asks a verified practitioner to become your contact (verified members). CONFLICT when you already are ' +
      'contacts or a request is pending either way; if they asked you first, `extensions.requestId` is their request. ' +
      'RATE_LIMITED when sending too many requests.',
  })
  async requestContact(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RequestContactInput, { description: 'The practitioner and your note.' })
    { practitionerId, message, idempotencyKey }: RequestContactInput,
  ): Promise<RequestContactPayload> {
    const contactRequest = await this.service.request(
      viewer,
      fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId'),
      message,
      idempotencyKey,
    );
    return { contactRequest };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => RespondToContactRequestPayload, {
    description: 'Accepts or declines a pending request sent to you; accepting makes you contacts.',
  })
  async respondToContactRequest(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RespondToContactRequestInput, { description: 'The request and the answer.' })
    { requestId: id, accept }: RespondToContactRequestInput,
  ): Promise<RespondToContactRequestPayload> {
    return { contactRequest: await this.service.respond(viewer, requestId(id), accept) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => CancelContactRequestPayload, { description: 'Withdraws a pending request you sent.' })
  async cancelContactRequest(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CancelContactRequestInput, { description: 'The request.' })
    { requestId: id }: CancelContactRequestInput,
  ): Promise<CancelContactRequestPayload> {
    return { contactRequest: await this.service.cancel(viewer, requestId(id)) };
  }

  @Authorized(COMMUNITY)
  @Mutation(() => RemoveContactPayload, {
    description:
      'Ends a contact, for both of you. Idempotent: the same answer whether or not you were contacts.',
  })
  async removeContact(
    @CurrentViewer() viewer: Viewer,
    @Ctx() ctx: Context,
    @Arg('input', () => RemoveContactInput, { description: 'The contact.' })
    { practitionerId }: RemoveContactInput,
  ): Promise<RemoveContactPayload> {
    const id = fromGlobalIdOf(PRACTITIONER_TYPE, practitionerId, 'practitionerId');
    await this.service.remove(viewer, id);
    return { practitioner: await ctx.loaders.practitioner.byId.load(id) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() r: ContactRequestEntity): string {
    return toGlobalId(CONTACT_REQUEST_TYPE, r.id);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description:
      'Who sent the request; null when their profile is not visible to you (e.g. no longer verified).',
  })
  requester(@Root() r: ContactRequestEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return ctx.loaders.practitioner.byId.load(r.requesterId); // the read guard applies the profile policy
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description:
      'To whom it was sent; null when their profile is not visible to you (e.g. no longer verified).',
  })
  addressee(@Root() r: ContactRequestEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return ctx.loaders.practitioner.byId.load(r.addresseeId); // the read guard applies the profile policy
  }
}

/** canViewContactDetails, asking the contact loader (batched per page) only when the answer depends on it. */
async function mayViewContactDetails(ctx: Context, p: PractitionerEntity): Promise<boolean> {
  if (canViewContactDetails(ctx.viewer, p, false)) return true;
  if (!ctx.viewer || p.contactVisibility !== ContactVisibility.CONTACTS) return false;
  const status = await ctx.loaders.contact.statusWithViewer.load(p.id);
  return canViewContactDetails(ctx.viewer, p, status === ContactStatus.CONTACT);
}

/**
 * `Practitioner.viewerContactStatus`, and `email`/`phone`, which depend on it (here, in the module that
 * depends on practitioner, not the other way round).
 */
@Resolver(() => Practitioner)
export class PractitionerContactResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'E-mail address; null unless the owner’s contact visibility lets the caller see it.',
  })
  async email(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<string | null> {
    return (await mayViewContactDetails(ctx, p)) ? p.email : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Phone number; null unless set and the owner’s contact visibility lets the caller see it.',
  })
  async phone(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<string | null> {
    return (await mayViewContactDetails(ctx, p)) ? p.phone : null;
  }

  @FieldResolver(() => ContactStatus, {
    description: 'Where you stand with this practitioner (NONE for yourself).',
  })
  viewerContactStatus(@Root() p: PractitionerEntity, @Ctx() ctx: Context): Promise<ContactStatus> {
    return ctx.loaders.contact.statusWithViewer.load(p.id);
  }
}
