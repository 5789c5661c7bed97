import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY, Role } from '../../common/auth/role';
import { Public } from '../../common/auth/auth-checker';
import { LANGUAGES, Language } from '../../common/i18n/language';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import { Selection } from '../../common/graphql/selection';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { readAheadsFor } from '../../common/relay/read-ahead';
import { BadUserInputError, NotFoundError } from '../../common/errors/errors';
import { Country, ThematicArea } from '../reference';
import type { ReferenceCatalog } from '../reference';
import type { CountryEntity, ThematicAreaEntity } from '../reference';
import { PractitionerEntity } from './practitioner.entity';
import { ContactVisibility } from './practitioner.enums';
import {
  PRACTITIONER_LIST_BOUNDS,
  PractitionerFilter,
  SetRoleInput,
  UpdateProfileInput,
  VerifyPractitionerInput,
} from './practitioner.inputs';
import { SetRolePayload, UpdateProfilePayload, VerifyPractitionerPayload } from './practitioner.payloads';
import { canViewContactDetails, canViewPractitioner } from './practitioner.policy';
import { PractitionerService } from './practitioner.service';
import { Practitioner, PractitionerConnection } from './practitioner.types';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ListSize } from '../../common/limits/list-size';

export const PRACTITIONER_TYPE = 'Practitioner';

/** The Node declaration of this type (listed in the module manifest). */
export const practitionerNode = nodeType<PractitionerEntity>(PRACTITIONER_TYPE, {
  isTypeOf: (value) => value instanceof PractitionerEntity,
  byId: (ctx, id, info) => {
    // node(id:) selecting nested fields that can be read ahead (the first page of posts): one statement.
    const parts = info ? readAheadsFor(ctx, info, PRACTITIONER_TYPE) : [];
    return parts.length
      ? ctx.loaders.practitioner.byIdWith(id, parts)
      : ctx.loaders.practitioner.byId.load(id);
  },
  canRead: (ctx, p) => canViewPractitioner(ctx.viewer, p),
});

@Resolver(() => Practitioner)
export class PractitionerResolver {
  constructor(
    private readonly service: PractitionerService,
    private readonly catalog: ReferenceCatalog,
  ) {}

  @Public()
  @Query(() => Practitioner, {
    nullable: true,
    description: 'The signed-in practitioner; null for anonymous callers.',
  })
  async me(@Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return ctx.viewer ? ctx.loaders.practitioner.byId.load(ctx.viewer.id) : null;
  }

  @Authorized(COMMUNITY)
  @Query(() => PractitionerConnection, {
    description: 'The directory of verified practitioners, by name. Verified members only.',
  })
  practitioners(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => PractitionerFilter, { nullable: true, description: 'Narrow the directory.' })
    filter: PractitionerFilter | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<PractitionerEntity>> {
    // The page reads the columns its nodes' selected fields need (lean reads).
    const nodes = Selection.of(info)
      .child('PractitionerConnection', 'edges')
      .child('PractitionerEdge', 'node');
    return this.service.directory(viewer, filter, args, nodes.fieldNames('Practitioner'));
  }

  @Authorized()
  @RateLimit('content')
  @Mutation(() => UpdateProfilePayload, { description: 'Changes the signed-in practitioner’s own profile.' })
  async updateProfile(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateProfileInput, { description: 'The fields to change.' })
    input: UpdateProfileInput,
  ): Promise<UpdateProfilePayload> {
    return { practitioner: await this.service.updateProfile(viewer, input) };
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => VerifyPractitionerPayload, {
    description: 'Vets a registered practitioner (moderators; not one’s own account).',
  })
  async verifyPractitioner(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => VerifyPractitionerInput, { description: 'The practitioner and the decision.' })
    { id, decision, note }: VerifyPractitionerInput,
  ): Promise<VerifyPractitionerPayload> {
    if (note && note.length > 1000) {
      throw new BadUserInputError('note is too long (1,000 characters at most).', [
        { field: 'note', message: 'must be at most 1000 characters' },
      ]);
    }
    const practitioner = await this.service.verify(
      viewer,
      fromGlobalIdOf(PRACTITIONER_TYPE, id),
      decision,
      note ?? null,
    );
    return { practitioner };
  }

  @Authorized(Role.ADMIN)
  @RateLimit('role')
  @Mutation(() => SetRolePayload, { description: 'Gives a practitioner a platform role (admins only).' })
  async setRole(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => SetRoleInput, { description: 'The practitioner and the role.' })
    { id, role }: SetRoleInput,
  ): Promise<SetRolePayload> {
    return { practitioner: await this.service.setRole(viewer, fromGlobalIdOf(PRACTITIONER_TYPE, id), role) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() p: PractitionerEntity): string {
    return toGlobalId(PRACTITIONER_TYPE, p.id);
  }

  @FieldResolver(() => Country, { description: 'The country the practitioner works in.' })
  country(@Root() p: PractitionerEntity): CountryEntity {
    const c = this.catalog.country(p.countryCode);
    if (!c) throw new NotFoundError(`Country ${p.countryCode}`);
    return c;
  }

  @ListSize(LANGUAGES.length)
  @FieldResolver(() => [Language], { description: 'Languages the practitioner works in.' })
  languages(@Root() p: PractitionerEntity): string[] {
    return p.languages;
  }

  @ListSize(PRACTITIONER_LIST_BOUNDS.thematicAreas)
  @FieldResolver(() => [ThematicArea], { description: 'Thematic areas of expertise.' })
  thematicAreas(@Root() p: PractitionerEntity): ThematicAreaEntity[] {
    return p.thematicAreaCodes
      .map((c) => this.catalog.thematicArea(c))
      .filter((t): t is ThematicAreaEntity => !!t);
  }

  @FieldResolver(() => Date, { description: 'When the practitioner joined.' })
  memberSince(@Root() p: PractitionerEntity): Date {
    return p.createdAt;
  }

  @FieldResolver(() => ContactVisibility, {
    nullable: true,
    description: 'Who may see the contact details; shown to the owner and moderators only.',
  })
  contactVisibility(@Root() p: PractitionerEntity, @Ctx() ctx: Context): ContactVisibility | null {
    return ctx.viewer &&
      (ctx.viewer.id === p.id ||
        canViewContactDetails(ctx.viewer, { ...p, contactVisibility: ContactVisibility.NOBODY }, false))
      ? p.contactVisibility
      : null;
  }
}
