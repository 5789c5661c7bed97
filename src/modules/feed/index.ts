import { defineModule } from '../../platform/module/module-manifest';
import type { PostService } from '../post';
import type { LegalDevelopmentQueryService } from '../legal-development';
import { FeedService } from './feed.service';
import {
  CountryPostsResolver,
  FeedResolver,
  NetworkPostsResolver,
  PractitionerPostsResolver,
  ThematicAreaPostsResolver,
} from './feed.resolver';

export const feedModule = defineModule({
  name: 'feed',
  services: (
    s: { posts: PostService; legalDevelopmentQueries: LegalDevelopmentQueryService },
    { dataSource },
  ) => ({
    feed: new FeedService(dataSource, s.posts, s.legalDevelopmentQueries),
  }),
  resolvers: [
    { resolver: FeedResolver, create: (s) => new FeedResolver(s.feed) },
    NetworkPostsResolver,
    CountryPostsResolver,
    ThematicAreaPostsResolver,
    PractitionerPostsResolver,
  ],
  contextServices: (s) => ({ feed: s.feed }),
});
