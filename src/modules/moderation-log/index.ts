import { defineModule } from '../../platform/module/module-manifest';

/**
 * The moderation log's vocabulary (`ModerationLogAction`, `TargetType`) and its one writer,
 * `recordModerationDecision`: modules that record decisions (vetting, reviews, roles, deletions) use these
 * without depending on the moderation module, which depends on them. The table is moderation's.
 */
export const moderationLogModule = defineModule({ name: 'moderation-log' });

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { ModerationLogAction, TargetType } from './moderation-log.enums';
export { recordModerationDecision } from './moderation-log';
