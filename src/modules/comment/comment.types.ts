import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';

@ObjectType('Comment', {
  implements: Node,
  description:
    'A comment on a published post, or a reply to a comment (one level). A deleted comment keeps its place, without body or author.',
})
export class Comment extends Node {
  @Field({ description: 'When it was written.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When its author last edited it.' })
  editedAt: Date | null;
}

export const CommentConnection = Connection(Comment, 'Comment');
