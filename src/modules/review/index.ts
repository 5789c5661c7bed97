import { defineModule } from '../../platform/module/module-manifest';

/** The review workflow shared by posts and legal developments: rules only, no tables, services or API. */
export const reviewModule = defineModule({ name: 'review' });
