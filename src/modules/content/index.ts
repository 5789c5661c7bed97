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

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { loadContentFacts, setHiddenAt } from './content-kind';
export type { ContentKind, ContentKinds, NetworkReview } from './content-kind';
export { checkThematicAreas } from './content.checks';
export { ContentChecks, ContentColumns, ReviewStepColumns } from './content.entity';
export { thematicAreasOf, visibleAuthor, visibleHistory } from './content.fields';
export { CreateContentFields, UpdateContentFields } from './content.inputs';
export { ReviewDecisionField, ReviewNoteField } from './review.args';
export { ReviewDecision } from './review.enums';
export { canReview } from './review.policy';
export { checkReviewNote, decideReview, recordReviewDecision, recordReviewStep } from './review.workflow';
export type { ReviewVocabulary } from './review.workflow';
