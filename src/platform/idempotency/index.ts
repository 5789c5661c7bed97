import { defineModule } from '../module/module-manifest';
import { IdempotencyKeyEntity } from './idempotency.entity';

/** The store of idempotency keys (its service is built by the app with the platform's services). */
export const idempotencyPlatform = defineModule({ name: 'idempotency', entities: [IdempotencyKeyEntity] });
