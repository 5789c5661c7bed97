import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import type { DataExportEntity } from './account-export.entity';

@ObjectType('DataExport', {
  implements: Node,
  description:
    'An export of your data (`requestDataExport`): one zip archive of JSON files with a README.md of its ' +
    'layout. Visible to you alone.',
})
export class DataExport extends Node {
  @Field(() => Date, { description: 'When you asked for it.' })
  requestedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the archive was ready; null before.' })
  readyAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the link stops working and the archive is deleted (7 days after it was ready).',
  })
  expiresAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'The size of the archive in bytes, once ready.' })
  sizeBytes: number | null;
}

export const DataExportConnection = Connection(DataExport, 'DataExport');

@InputType({ description: 'The input of `requestDataExport`.' })
export class RequestDataExportInput {
  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@ObjectType({ description: 'The result of `requestDataExport`.' })
export class RequestDataExportPayload {
  @Field(() => DataExport, {
    description: 'The export, PENDING: a DATA_EXPORT_READY notification tells when it is ready.',
  })
  dataExport: DataExportEntity;
}
