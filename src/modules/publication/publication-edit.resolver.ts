import { Arg, Authorized, Field, ID, Mutation, ObjectType, Resolver } from 'type-graphql';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { toGlobalId } from '../../common/relay/global-id';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { PublicationEntity, PublicationVersionEntity } from './publication.entity';
import {
  DeletePublicationInput,
  RemovePublicationVersionInput,
  UpdatePublicationInput,
  UpdatePublicationVersionInput,
} from './publication-edit.inputs';
import type { PublicationEditService } from './publication-edit.service';
import { PUBLICATION_TYPE, PUBLICATION_VERSION_TYPE } from './publication.service';
import { Publication, PublicationVersion } from './publication.types';

@ObjectType('UpdatePublicationPayload', { description: 'The publication changed.' })
export class UpdatePublicationPayload {
  @Field(() => Publication, { description: 'The publication, as saved.' })
  publication: PublicationEntity;
}

@ObjectType('UpdatePublicationVersionPayload', { description: 'The language version changed.' })
export class UpdatePublicationVersionPayload {
  @Field(() => PublicationVersion, { description: 'The version, as saved.' })
  version: PublicationVersionEntity;

  @Field(() => Publication, { description: 'Its publication.' })
  publication: PublicationEntity;
}

@ObjectType('RemovePublicationVersionPayload', { description: 'The language version removed.' })
export class RemovePublicationVersionPayload {
  @Field(() => ID, { description: 'The removed version’s id (for `@deleteRecord`).' })
  removedVersionId: string;

  @Field(() => Publication, { description: 'Its publication.' })
  publication: PublicationEntity;
}

@ObjectType('DeletePublicationPayload', { description: 'The publication deleted.' })
export class DeletePublicationPayload {
  @Field(() => ID, { description: 'The deleted publication’s id (for `@deleteRecord`).' })
  deletedPublicationId: string;
}

/** Editing and deleting publications and their language versions (the author and its moderators). */
@Resolver(() => Publication)
export class PublicationEditResolver {
  constructor(private readonly service: PublicationEditService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => UpdatePublicationPayload, {
    description:
      'Edits a publication’s metadata (its author, global moderators, and for a NETWORKS publication the ' +
      'moderators of all its networks).',
  })
  async updatePublication(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdatePublicationInput, { description: 'The changes.' })
    input: UpdatePublicationInput,
  ): Promise<UpdatePublicationPayload> {
    return { publication: await this.service.update(viewer, input) };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => UpdatePublicationVersionPayload, {
    description:
      'Edits a language version (as `updatePublication`): its language, title, official flag, and replaces ' +
      'its file (a GraphQL multipart upload, checked as in `addPublicationVersion`) or link.',
  })
  updatePublicationVersion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => UpdatePublicationVersionInput, { description: 'The changes.' })
    input: UpdatePublicationVersionInput,
  ): Promise<UpdatePublicationVersionPayload> {
    return this.service.updateVersion(viewer, input);
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => RemovePublicationVersionPayload, {
    description: 'Removes a language version and its file (as `updatePublication`).',
  })
  async removePublicationVersion(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RemovePublicationVersionInput, { description: 'The version.' })
    input: RemovePublicationVersionInput,
  ): Promise<RemovePublicationVersionPayload> {
    const { removedVersionId, publication } = await this.service.removeVersion(viewer, input);
    return { removedVersionId: toGlobalId(PUBLICATION_VERSION_TYPE, removedVersionId), publication };
  }

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => DeletePublicationPayload, {
    description:
      'Deletes a publication for good, with its versions and their files (as `updatePublication`).',
  })
  async deletePublication(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => DeletePublicationInput, { description: 'The publication.' })
    input: DeletePublicationInput,
  ): Promise<DeletePublicationPayload> {
    return { deletedPublicationId: toGlobalId(PUBLICATION_TYPE, await this.service.delete(viewer, input)) };
  }
}
