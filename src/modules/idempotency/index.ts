import { defineModule } from '../../platform/module/module-manifest';
import { IdempotencyKeyEntity } from './idempotency.entity';

/** The store of idempotency keys (its service is built by the app with the platform's services). */
export const idempotencyModule = defineModule({ name: 'idempotency', entities: [IdempotencyKeyEntity] });
