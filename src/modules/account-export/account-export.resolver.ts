import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import { OWN_DATA } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { clientOf } from '../identity';
import { DataExportEntity } from './account-export.entity';
import { DataExportStatus } from './account-export.enums';
import { canViewDataExport, DATA_EXPORT_TYPE, DataExportService } from './account-export.service';
import {
  DataExport,
  DataExportConnection,
  RequestDataExportInput,
  RequestDataExportPayload,
} from './account-export.types';

/** The Node declaration of `DataExport` (listed in the module manifest): its owner alone reads it. */
export const dataExportNode = nodeType<DataExportEntity>(DATA_EXPORT_TYPE, {
  isTypeOf: (value) => value instanceof DataExportEntity,
  byId: (ctx, id) => ctx.loaders.accountExport.dataExportById.load(id),
  canRead: (ctx, e) => canViewDataExport(ctx.viewer, e),
});

@Resolver(() => DataExport)
export class DataExportResolver {
  constructor(private readonly exports: DataExportService) {}

  @Authorized()
  @Query(() => DataExportConnection, {
    description: 'The exports of your data you asked for, newest first, with their status and link.',
  })
  myDataExports(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<DataExportEntity>> {
    return this.exports.list(viewer, args);
  }

  @Authorized(OWN_DATA)
  @RateLimit('export')
  @Mutation(() => RequestDataExportPayload, {
    description:
      'Asks for an export of everything you wrote and everything stored about you: one zip archive of JSON ' +
      'files with a README.md of its layout, prepared in the background. A DATA_EXPORT_READY notification ' +
      'tells when it is ready; `myDataExports` then gives its download link, valid 7 days. Open to every ' +
      'signed-in account, pending or suspended ones too. CONFLICT while another export is being prepared; ' +
      'RATE_LIMITED after too many.',
  })
  async requestDataExport(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RequestDataExportInput, {
      description: 'An optional idempotency key (`input: {}` without one).',
    })
    input: RequestDataExportInput,
    @Ctx() ctx: Context,
  ): Promise<RequestDataExportPayload> {
    return { dataExport: await this.exports.request(viewer, clientOf(ctx), input.idempotencyKey) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() e: DataExportEntity): string {
    return toGlobalId(DATA_EXPORT_TYPE, e.id);
  }

  @FieldResolver(() => DataExportStatus, { description: 'Where the export is in its life.' })
  status(@Root() e: DataExportEntity): DataExportStatus {
    return this.exports.statusOf(e);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'While READY: the download path (`/exports/<token>.zip`, on this server), whose token is the only ' +
      'credential: do not share it. Null otherwise.',
  })
  downloadUrl(@Root() e: DataExportEntity): string | null {
    return this.exports.downloadUrl(e);
  }
}
