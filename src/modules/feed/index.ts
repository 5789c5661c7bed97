import { defineModule } from '../../platform/module/module-manifest';
import { FeedService } from './feed.service';
import { homeTimelineConsumer } from './home-timeline';
import {
  CountryPostsResolver,
  FeedResolver,
  NetworkPostsResolver,
  PractitionerPostsResolver,
  ThematicAreaPostsResolver,
  practitionerPostsReadAhead,
} from './feed.resolver';

export const feedModule = defineModule({
  name: 'feed',
  services: (_s, { dataSource }) => {
    return { feed: new FeedService(dataSource) };
  },
  resolvers: [
    { resolver: FeedResolver, create: (s) => new FeedResolver(s.feed) },
    NetworkPostsResolver,
    CountryPostsResolver,
    ThematicAreaPostsResolver,
    PractitionerPostsResolver,
  ],
  readAheads: [practitionerPostsReadAhead],
  contextServices: (s) => ({ feed: s.feed }),
  // Fan-out on write, after the commit: a published item, or a development's new audience, enters the home
  // timelines of its audience (readers it no longer reaches keep a row that every read filters out).
  outboxConsumers: (s, { dataSource }) => [homeTimelineConsumer(dataSource, s.feed)],
});
