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
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ListSize } from '../../common/limits/list-size';
import {
  RENDERED_HTML_NOTE,
  markdownSourceNote,
  renderMarkdownOnce,
} from '../../common/markdown/render-markdown';
import { Language } from '../../common/i18n/language';
import { Country, ThematicArea } from '../reference';
import type { CountryEntity, ReferenceCatalog, ThematicAreaEntity } from '../reference';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { Network } from '../network';
import type { NetworkEntity } from '../network';
import { thematicAreasOf, visibleAuthor } from '../content';
import { PublicationEntity, PublicationVersionEntity } from './publication.entity';
import {
  AddPublicationVersionInput,
  CreatePublicationInput,
  PUBLICATION_LIST_BOUNDS,
  PublicationFilter,
} from './publication.inputs';
import { canViewPublication } from './publication.policy';
import { PUBLICATION_TYPE, PUBLICATION_VERSION_TYPE, PublicationService } from './publication.service';
import { Publication, PublicationConnection, PublicationVersion } from './publication.types';

/** canViewPublication with the facts this request's loaders hold (batched). */
export async function canReadPublication(ctx: Context, p: PublicationEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  const [networkIds, scope] = await Promise.all([
    ctx.loaders.publication.networkIds.load(p.id),
    ctx.loaders.publication.viewerScope(),
  ]);
  return canViewPublication(ctx.viewer, p, networkIds, scope);
}

/** A version is seen by whoever sees its publication. */
export async function canReadPublicationVersion(ctx: Context, v: PublicationVersionEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  const p = await ctx.loaders.publication.byId.load(v.publicationId);
  return !!p && canReadPublication(ctx, p);
}

export const publicationNode = nodeType<PublicationEntity>(PUBLICATION_TYPE, {
  isTypeOf: (value) => value instanceof PublicationEntity,
  byId: (ctx, id) => ctx.loaders.publication.byId.load(id),
  canRead: canReadPublication,
});

export const publicationVersionNode = nodeType<PublicationVersionEntity>(PUBLICATION_VERSION_TYPE, {
  isTypeOf: (value) => value instanceof PublicationVersionEntity,
  byId: (ctx, id) => ctx.loaders.publication.versionById.load(id),
  canRead: canReadPublicationVersion,
});

@ObjectType('CreatePublicationPayload', { description: 'The publication created.' })
export class CreatePublicationPayload {
  @Field(() => Publication, { description: 'The new publication (in the library at once).' })
  publication: PublicationEntity;
}

@ObjectType('AddPublicationVersionPayload', { description: 'The language version added.' })
export class AddPublicationVersionPayload {
  @Field(() => PublicationVersion, { description: 'The new version.' })
  version: PublicationVersionEntity;

  @Field(() => Publication, { description: 'Its publication.' })
  publication: PublicationEntity;
}

@Resolver(() => Publication)
export class PublicationResolver {
  constructor(
    private readonly service: PublicationService,
    private readonly catalog: ReferenceCatalog,
  ) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => CreatePublicationPayload, {
    description:
      'Adds a publication to the technical-tools library: experts, moderators and admins for the ' +
      'community; network owners for their own networks. Its files are added with `addPublicationVersion`.',
  })
  async createPublication(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreatePublicationInput, { description: 'The publication.' })
    input: CreatePublicationInput,
  ): Promise<CreatePublicationPayload> {
    return { publication: await this.service.create(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => AddPublicationVersionPayload, {
    description:
      'Adds a language version to a publication (its author and moderators): a file sent as a GraphQL ' +
      'multipart request (PDF, DOCX, XLSX, PPTX or EPUB, checked on its content, up to MAX_UPLOAD_BYTES) ' +
      'or an https link. A refused file is not kept.',
  })
  addPublicationVersion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => AddPublicationVersionInput, { description: 'The version.' })
    input: AddPublicationVersionInput,
  ): Promise<AddPublicationVersionPayload> {
    return this.service.addVersion(viewer, input);
  }

  @Authorized(COMMUNITY)
  @Query(() => Publication, {
    nullable: true,
    description: 'One publication; null if it is not visible to you.',
  })
  publication(
    @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID, { description: 'The publication.' }) id: string,
  ): Promise<PublicationEntity | null> {
    return this.service.readable(viewer, fromGlobalIdOf(PUBLICATION_TYPE, id));
  }

  @Authorized(COMMUNITY)
  @Query(() => PublicationConnection, {
    description:
      'The library: publications you may see, newest first (both ways: `first`/`after` or `last`/`before`).',
  })
  publications(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
    @Arg('filter', () => PublicationFilter, { nullable: true, description: 'Which publications.' })
    filter: PublicationFilter | null,
  ): Promise<Page<PublicationEntity>> {
    return this.service.list(viewer, filter, args);
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() p: PublicationEntity): string {
    return toGlobalId(PUBLICATION_TYPE, p.id);
  }

  @FieldResolver(() => String, {
    description: `The description (up to 20,000 characters). ${markdownSourceNote('descriptionHtml')}`,
  })
  description(@Root() p: PublicationEntity): string {
    return p.body;
  }

  @FieldResolver(() => String, { description: `The description as HTML. ${RENDERED_HTML_NOTE}` })
  descriptionHtml(@Root() p: PublicationEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, p.body);
  }

  @FieldResolver(() => Language, { description: 'Its main language.' })
  language(@Root() p: PublicationEntity): string {
    return p.language;
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'Who added it; null if their profile is not visible to you.',
  })
  author(@Root() p: PublicationEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, p.authorId);
  }

  @ListSize(PUBLICATION_LIST_BOUNDS.countries)
  @FieldResolver(() => [Country], { description: 'Countries concerned.' })
  countries(@Root() p: PublicationEntity): CountryEntity[] {
    return p.countryCodes.map((c) => this.catalog.country(c)).filter((c): c is CountryEntity => !!c);
  }

  @ListSize(PUBLICATION_LIST_BOUNDS.thematicAreas)
  @FieldResolver(() => [ThematicArea], { description: 'Thematic areas concerned.' })
  thematicAreas(@Root() p: PublicationEntity): ThematicAreaEntity[] {
    return thematicAreasOf(this.catalog, p.thematicAreaCodes);
  }

  @ListSize(PUBLICATION_LIST_BOUNDS.networks)
  @FieldResolver(() => [Network], { description: 'The networks it is for (NETWORKS visibility).' })
  networks(@Root() p: PublicationEntity, @Ctx() ctx: Context): Promise<NetworkEntity[]> {
    return ctx.loaders.publication.networks.load(p.id);
  }

  @ListSize(PUBLICATION_LIST_BOUNDS.versions)
  @FieldResolver(() => [PublicationVersion], { description: 'Its language versions, oldest first.' })
  versions(@Root() p: PublicationEntity, @Ctx() ctx: Context): Promise<PublicationVersionEntity[]> {
    return ctx.loaders.publication.versions.load(p.id);
  }
}

@Resolver(() => PublicationVersion)
export class PublicationVersionResolver {
  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() v: PublicationVersionEntity): string {
    return toGlobalId(PUBLICATION_VERSION_TYPE, v.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Where to download the file: `GET` this path on the server with the same `Authorization: Bearer` ' +
      'header as GraphQL (null for a link).',
  })
  downloadPath(@Root() v: PublicationVersionEntity): string | null {
    return v.fileContentType ? `/files/${v.id}` : null;
  }

  @FieldResolver(() => Publication, { description: 'Its publication.' })
  publication(@Root() v: PublicationVersionEntity, @Ctx() ctx: Context): Promise<PublicationEntity | null> {
    return ctx.loaders.publication.byId.load(v.publicationId);
  }
}
