import { defineModule } from '../../platform/module/module-manifest';

/**
 * The kinds of notification (`NotificationType`): the modules that request notifications name them
 * without depending on the notification module, which depends on some of them.
 */
export const notificationTypeModule = defineModule({ name: 'notification-type' });

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { NotificationType } from './notification-type.enums';
