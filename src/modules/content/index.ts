import { defineModule } from '../../platform/module/module-manifest';
import { ContentKinds } from './content-kind';

/**
 * The content kernel: what posts, legal developments and the content types to come share (columns, inputs,
 * the review workflow, hiding). Its one service is the registry of content kinds, which each content module
 * fills from its own services factory and moderation reads (ARCHITECTURE.md, "Content as one kernel").
 */
export const contentModule = defineModule({
  name: 'content',
  services: () => ({ contentKinds: new ContentKinds() }),
});
