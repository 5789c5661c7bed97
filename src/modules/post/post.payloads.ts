import { Field, ObjectType } from 'type-graphql';
import type { PostEntity } from './post.entity';
import { Post } from './post.types';

@ObjectType({ description: 'The result of `createPost`.' })
export class CreatePostPayload {
  @Field(() => Post, {
    description: 'The new post (DRAFT), or the first one created with this idempotency key.',
  })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `updatePost`.' })
export class UpdatePostPayload {
  @Field(() => Post, { description: 'The post as it now is.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `reviewPost`.' })
export class ReviewPostPayload {
  @Field(() => Post, { description: 'The post, with its new status.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `submitPost`.' })
export class SubmitPostPayload {
  @Field(() => Post, { description: 'The post, now PENDING_REVIEW.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `featurePost`.' })
export class FeaturePostPayload {
  @Field(() => Post, { description: 'The post, featured.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `unfeaturePost`.' })
export class UnfeaturePostPayload {
  @Field(() => Post, { description: 'The post, no longer featured.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `archivePost`.' })
export class ArchivePostPayload {
  @Field(() => Post, { description: 'The post, ARCHIVED.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `endorsePost`.' })
export class EndorsePostPayload {
  @Field(() => Post, { description: 'The post, with your endorsement counted.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `withdrawEndorsement`.' })
export class WithdrawEndorsementPayload {
  @Field(() => Post, { description: 'The post, without your endorsement.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `bookmarkPost`.' })
export class BookmarkPostPayload {
  @Field(() => Post, { description: 'The post, in your bookmarks.' })
  post: PostEntity;
}

@ObjectType({ description: 'The result of `removeBookmark`.' })
export class RemoveBookmarkPayload {
  @Field(() => Post, { description: 'The post, out of your bookmarks.' })
  post: PostEntity;
}
