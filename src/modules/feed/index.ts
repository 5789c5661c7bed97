import { defineModule } from '../../platform/module/module-manifest';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { FeedService } from './feed.service';
import { fanOutLegalDevelopment, fanOutPost } from './home-timeline';
import {
  CountryPostsResolver,
  FeedResolver,
  NetworkPostsResolver,
  PractitionerPostsResolver,
  ThematicAreaPostsResolver,
} from './feed.resolver';

export const feedModule = defineModule({
  name: 'feed',
  services: (s: { uow: UnitOfWork }, { dataSource }) => {
    // Fan-out on write: a published item enters its audience's home timelines in the publishing transaction.
    s.uow.onRecorded('post.published', (manager, { postId }) => fanOutPost(manager, postId));
    s.uow.onRecorded('legal-development.published', (manager, { legalDevelopmentId }) =>
      fanOutLegalDevelopment(manager, legalDevelopmentId),
    );
    // An edit of a published development's jurisdiction or areas: its new audience gets it at once (readers
    // it no longer reaches keep a row that every read filters out by the development's home-feed condition).
    s.uow.onRecorded('legal-development.audience-changed', (manager, { legalDevelopmentId }) =>
      fanOutLegalDevelopment(manager, legalDevelopmentId),
    );
    return { feed: new FeedService(dataSource) };
  },
  resolvers: [
    { resolver: FeedResolver, create: (s) => new FeedResolver(s.feed) },
    NetworkPostsResolver,
    CountryPostsResolver,
    ThematicAreaPostsResolver,
    PractitionerPostsResolver,
  ],
  contextServices: (s) => ({ feed: s.feed }),
});
