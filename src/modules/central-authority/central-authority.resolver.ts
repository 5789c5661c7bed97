import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { Public } from '../../common/auth/auth-checker';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { Role } from '../../common/auth/role';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { Country } from '../reference';
import type { ReferenceCatalog } from '../reference';
import type { CountryEntity } from '../reference';
import { Practitioner } from '../practitioner';
import { canViewPractitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { CentralAuthorityEntity } from './central-authority.entity';
import type { CentralAuthorityRevisionEntity } from './central-authority.entity';
import { CooperationKind } from './central-authority.enums';
import {
  ConfirmCentralAuthorityInput,
  CreateCentralAuthorityInput,
  UpdateCentralAuthorityInput,
} from './central-authority.inputs';
import {
  canManageCentralAuthorities,
  canViewCentralAuthority,
  canViewRestrictedContacts,
} from './central-authority.policy';
import type { CentralAuthorityService } from './central-authority.service';
import { MAX_AUTHORITIES_PER_COUNTRY } from './central-authority.service';
import { CentralAuthority, CentralAuthorityRevision } from './central-authority.types';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ListSize, MAX_HISTORY_ITEMS, latestHistory } from '../../common/limits/list-size';
import {
  ConfirmCentralAuthorityPayload,
  CreateCentralAuthorityPayload,
  UpdateCentralAuthorityPayload,
} from './central-authority.payloads';

export const CENTRAL_AUTHORITY_TYPE = 'CentralAuthority';

/** The Node declaration of this type (listed in the module manifest). */
export const centralAuthorityNode = nodeType<CentralAuthorityEntity>(CENTRAL_AUTHORITY_TYPE, {
  isTypeOf: (value) => value instanceof CentralAuthorityEntity,
  byId: (ctx, id) => ctx.loaders.centralAuthority.byId.load(id),
  canRead: (ctx) => canViewCentralAuthority(ctx.viewer),
});

const RESTRICTED = 'Restricted: verified members only; null for anyone else.';

@Resolver(() => CentralAuthority)
export class CentralAuthorityResolver {
  constructor(
    private readonly service: CentralAuthorityService,
    private readonly catalog: ReferenceCatalog,
  ) {}

  @Public()
  @ListSize(MAX_AUTHORITIES_PER_COUNTRY)
  @Query(() => [CentralAuthority], {
    description: `A country’s central authorities, by name (at most ${MAX_AUTHORITIES_PER_COUNTRY}). Public; direct contacts for verified members only.`,
  })
  centralAuthorities(
    @Arg('countryCode', { description: 'ISO 3166-1 alpha-2 code of the country.' }) countryCode: string,
    @Arg('kinds', () => [CooperationKind], {
      nullable: true,
      description: 'Only authorities handling any of these kinds of cooperation.',
    })
    kinds: CooperationKind[] | null,
  ): Promise<CentralAuthorityEntity[]> {
    return this.service.list(countryCode, kinds);
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => CreateCentralAuthorityPayload, {
    description: 'Adds a directory entry (moderators and admins).',
  })
  async createCentralAuthority(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateCentralAuthorityInput, { description: 'The entry.' })
    input: CreateCentralAuthorityInput,
  ): Promise<CreateCentralAuthorityPayload> {
    return { centralAuthority: await this.service.create(viewer, input) };
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => UpdateCentralAuthorityPayload, {
    description: 'Edits a directory entry (moderators and admins); the change is kept in its history.',
  })
  async updateCentralAuthority(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdateCentralAuthorityInput, { description: 'The directory entry and the changes.' })
    { id, ...changes }: UpdateCentralAuthorityInput,
  ): Promise<UpdateCentralAuthorityPayload> {
    const centralAuthority = await this.service.update(
      viewer,
      fromGlobalIdOf(CENTRAL_AUTHORITY_TYPE, id),
      changes,
    );
    return { centralAuthority };
  }

  @Authorized(Role.MODERATOR)
  @RateLimit('moderation')
  @Mutation(() => ConfirmCentralAuthorityPayload, {
    description:
      'Confirms a directory entry is still correct (sets `lastConfirmedAt`; moderators and admins).',
  })
  async confirmCentralAuthority(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => ConfirmCentralAuthorityInput, { description: 'The directory entry.' })
    { id }: ConfirmCentralAuthorityInput,
  ): Promise<ConfirmCentralAuthorityPayload> {
    return {
      centralAuthority: await this.service.confirm(viewer, fromGlobalIdOf(CENTRAL_AUTHORITY_TYPE, id)),
    };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() ca: CentralAuthorityEntity): string {
    return toGlobalId(CENTRAL_AUTHORITY_TYPE, ca.id);
  }

  @FieldResolver(() => Country, { description: 'The country.' })
  country(@Root() ca: CentralAuthorityEntity): CountryEntity {
    return this.catalog.country(ca.countryCode)!;
  }

  @FieldResolver(() => String, { nullable: true, description: `Direct phone. ${RESTRICTED}` })
  phone(@Root() ca: CentralAuthorityEntity, @Ctx() ctx: Context): string | null {
    return canViewRestrictedContacts(ctx.viewer) ? ca.phone : null;
  }

  @FieldResolver(() => String, { nullable: true, description: `Direct e-mail. ${RESTRICTED}` })
  email(@Root() ca: CentralAuthorityEntity, @Ctx() ctx: Context): string | null {
    return canViewRestrictedContacts(ctx.viewer) ? ca.email : null;
  }

  @FieldResolver(() => String, { nullable: true, description: `Urgent 24/7 contact. ${RESTRICTED}` })
  urgentContact(@Root() ca: CentralAuthorityEntity, @Ctx() ctx: Context): string | null {
    return canViewRestrictedContacts(ctx.viewer) ? ca.urgentContact : null;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who last confirmed it; null if never or if their profile is not visible to you.',
  })
  async lastConfirmedBy(
    @Root() ca: CentralAuthorityEntity,
    @Ctx() ctx: Context,
  ): Promise<PractitionerEntity | null> {
    if (!ca.lastConfirmedById) return null;
    const p = await ctx.loaders.practitioner.byId.load(ca.lastConfirmedById);
    return p && canViewPractitioner(ctx.viewer, p) ? p : null;
  }

  @ListSize(MAX_HISTORY_ITEMS)
  @FieldResolver(() => [CentralAuthorityRevision], {
    nullable: true,
    description: `The changes to the entry, oldest first (the latest ${MAX_HISTORY_ITEMS}). Moderators and admins only; null for others.`,
  })
  async history(
    @Root() ca: CentralAuthorityEntity,
    @Ctx() ctx: Context,
  ): Promise<CentralAuthorityRevisionEntity[] | null> {
    if (!canManageCentralAuthorities(ctx.viewer)) return null;
    return latestHistory(await ctx.loaders.centralAuthority.history.load(ca.id));
  }
}
