import { defineModule } from '../../platform/module/module-manifest';

/**
 * The kinds of notification (`NotificationType`): the modules that request notifications name them
 * without depending on the notification module, which depends on some of them.
 */
export const notificationTypeModule = defineModule({ name: 'notification-type' });
