import { Field, ID, InputType } from 'type-graphql';
import { IDEMPOTENCY_KEY_ARG } from '../../platform/idempotency/idempotency.service';
import { MultiLine } from '../../common/validation/text';

@InputType({ description: 'The input of `addComment`.' })
export class AddCommentInput {
  @Field(() => ID, { description: 'The post.' })
  postId: string;

  @Field({ description: 'The comment (1 to 5,000 characters, Markdown).' })
  @MultiLine()
  body: string;

  @Field(() => ID, { nullable: true, description: 'The top-level comment this replies to.' })
  parentId?: string | null;

  @Field(() => String, IDEMPOTENCY_KEY_ARG)
  idempotencyKey?: string | null;
}

@InputType({ description: 'The input of `editComment`.' })
export class EditCommentInput {
  @Field(() => ID, { description: 'The comment.' })
  id: string;

  @Field({ description: 'The new text (1 to 5,000 characters).' })
  @MultiLine()
  body: string;
}

@InputType({ description: 'The input of `deleteComment`.' })
export class DeleteCommentInput {
  @Field(() => ID, { description: 'The comment.' })
  id: string;
}
