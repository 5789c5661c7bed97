import { defineModule } from '../../platform/module/module-manifest';
import type { PostService } from '../post';
import type { LegalDevelopmentService } from '../legal-development';
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
  services: (s: { posts: PostService; legalDevelopments: LegalDevelopmentService }, { dataSource }) => ({
    feed: new FeedService(dataSource, s.posts, s.legalDevelopments),
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
