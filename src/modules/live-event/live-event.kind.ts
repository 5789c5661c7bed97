import type { ContentKind } from '../content';
import { loadContentFacts, setHiddenAt } from '../content';
import { LiveEventEntity } from './live-event.entity';

/**
 * Live events as the content kernel and moderation see them: reportable and hideable like other content
 * (no review queue: organisers schedule them themselves).
 */
export const liveEventContentKind: ContentKind = {
  targetType: 'LIVE_EVENT',
  nodeType: 'LiveEvent',
  notFound: 'Live event',
  load: (manager, id) => loadContentFacts(manager, LiveEventEntity, id),
  setHidden: (manager, id, hidden) => setHiddenAt(manager, LiveEventEntity, id, hidden),
};
