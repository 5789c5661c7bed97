import { Field, ID, ObjectType } from 'type-graphql';
import type { CommentEntity } from './comment.entity';
import { Comment } from './comment.types';

@ObjectType({ description: 'The result of `addComment`.' })
export class AddCommentPayload {
  @Field(() => Comment, {
    description: 'The new comment, or the first one created with this idempotency key.',
  })
  comment: CommentEntity;
}

@ObjectType({ description: 'The result of `editComment`.' })
export class EditCommentPayload {
  @Field(() => Comment, { description: 'The comment as it now is.' })
  comment: CommentEntity;
}

@ObjectType({ description: 'The result of `deleteComment`.' })
export class DeleteCommentPayload {
  @Field(() => Comment, {
    description: 'The comment as it stays in the thread: deleted, without body or author.',
  })
  comment: CommentEntity;

  @Field(() => ID, {
    description: 'The id of the deleted comment (for clients that drop deleted comments from their cache).',
  })
  deletedCommentId: string;
}
