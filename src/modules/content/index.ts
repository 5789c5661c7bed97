import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import type { AppPubSub } from '../../common/pubsub/pubsub';
import { ContentKinds } from './content-kind';
import { ContentVersionService } from './content-version.service';
import { ContentVersionResolver } from './content-version.resolver';
import { machineTranslationConsumer } from './machine-translation';
import { contentVersionNode } from './content-version.node';
import {
  ContentRevisionEntity,
  ContentVersionEntity,
  TranslationRequestEntity,
} from './content-version.entity';

/**
 * The content kernel: what posts, legal developments and the content types to come share (columns, inputs,
 * the review workflow, hiding). Its one service is the registry of content kinds, which each content module
 * fills from its own services factory and moderation reads (ARCHITECTURE.md, "Content as one kernel").
 */
interface ContentNeeds {
  uow: UnitOfWork;
  idempotency: IdempotencyService;
  pubSub: AppPubSub;
}

export const contentModule = defineModule({
  name: 'content',
  entities: [ContentVersionEntity, ContentRevisionEntity, TranslationRequestEntity],
  services: (_s: ContentNeeds, { dataSource, config }) => {
    const contentKinds = new ContentKinds();
    return {
      contentKinds,
      contentVersions: new ContentVersionService(dataSource, contentKinds),
      machineTranslation: config.translation,
    };
  },
  contextServices: (s) => ({ contentVersions: s.contentVersions }),
  nodes: [contentVersionNode],
  resolvers: [
    {
      resolver: ContentVersionResolver,
      create: (s) =>
        new ContentVersionResolver(s.contentVersions, s.uow, s.machineTranslation, s.idempotency),
    },
  ],
  // Machine translation (off unless TRANSLATION_URL is set): the engine is called after the request commits.
  outboxConsumers: (s, { dataSource }) => [
    machineTranslationConsumer(dataSource, s.uow, s.contentVersions, s.pubSub, s.machineTranslation),
  ],
});

// Used by other modules through this index (kept by scripts/codemods/module-imports.mjs).
export { loadContentFacts, setHiddenAt } from './content-kind';
export type { ContentKind, ContentKinds, NetworkReview } from './content-kind';
export { VersionOrigin } from './content-version.enums';
export { VersionFieldResolver } from './content-version.resolver';
export type { ContentVersionService, VersionedContent } from './content-version.service';
export { ContentVersion } from './content-version.types';
export { checkThematicAreas } from './content.checks';
export { ContentChecks, ContentColumns, ReviewStepColumns } from './content.entity';
export { thematicAreasOf, visibleAuthor, visibleAuthorNow, visibleHistory } from './content.fields';
export { CreateContentFields, UpdateContentFields } from './content.inputs';
export { ReviewDecisionField, ReviewNoteField } from './review.args';
export { ReviewDecision } from './review.enums';
export { canReview } from './review.policy';
export { checkReviewNote, decideReview, recordReviewDecision, recordReviewStep } from './review.workflow';
export type { ReviewVocabulary } from './review.workflow';
