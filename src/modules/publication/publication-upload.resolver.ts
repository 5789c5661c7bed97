import { Arg, Authorized, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { CurrentViewer } from '../../common/auth/current-viewer';
import type { Viewer } from '../../common/auth/viewer';
import { COMMUNITY } from '../../common/auth/role';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { CreateUploadUrlInput } from './publication-upload.inputs';
import type { PublicationUploadService } from './publication-upload.service';

@ObjectType('CreateUploadUrlPayload', { description: 'Where to PUT the file, until when.' })
export class CreateUploadUrlPayload {
  @Field(() => ID, { description: 'The upload, to attach once its bytes are sent (`uploadId`).' })
  uploadId: string;

  @Field({
    description:
      'The signed URL path on the server to `PUT` the bytes to (single use, no Authorization header needed).',
  })
  uploadPath: string;

  @Field(() => Date, { description: 'When the URL stops working (10 minutes after its creation).' })
  expiresAt: Date;

  @Field(() => Int, { description: 'The most bytes the PUT may send (the declared size).' })
  maxBytes: number;
}

/** The signed upload URLs of the library. */
@Resolver()
export class PublicationUploadResolver {
  constructor(private readonly uploads: PublicationUploadService) {}

  @Authorized(COMMUNITY)
  @RateLimit('content')
  @Mutation(() => CreateUploadUrlPayload, {
    description:
      'A short-lived, single-use signed URL to PUT a library file to (experts, moderators, admins and network ' +
      'owners); the upload id is then attached with `addPublicationVersion(input: { uploadId })`.',
  })
  async createUploadUrl(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => CreateUploadUrlInput, { description: 'The file to send.' })
    input: CreateUploadUrlInput,
  ): Promise<CreateUploadUrlPayload> {
    const upload = await this.uploads.create(viewer, input);
    return {
      uploadId: upload.id,
      uploadPath: this.uploads.pathOf(upload),
      expiresAt: upload.expiresAt,
      maxBytes: upload.declaredSize,
    };
  }
}
