import type { ContentKind } from '../content';
import { loadContentFacts, setHiddenAt } from '../content';
import { LegalDevelopmentEntity } from './legal-development.entity';

/** Legal developments as the content kernel and moderation see them: reviewed by global moderators only. */
export const legalDevelopmentContentKind: ContentKind = {
  targetType: 'LEGAL_DEVELOPMENT',
  nodeType: 'LegalDevelopment',
  notFound: 'Legal development',
  load: (manager, id) => loadContentFacts(manager, LegalDevelopmentEntity, id),
  setHidden: (manager, id, hidden) => setHiddenAt(manager, LegalDevelopmentEntity, id, hidden),
  review: { queueKind: 'LEGAL_DEVELOPMENT_REVIEW', table: 'legal_development' },
};
