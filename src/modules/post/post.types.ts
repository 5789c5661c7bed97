import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import { Language } from '../../common/i18n/language';
import { PostAction, PostStatus, PostVisibility } from './post.enums';
import { markdownSourceNote, PLAIN_TEXT_NOTE } from '../../common/markdown/render-markdown';

@ObjectType('Post', {
  implements: Node,
  description:
    'A good practice shared by a practitioner. Drafts are visible to their author only; submitted posts also to the ' +
    'moderators who may review them; published ones to their audience (see `visibility`).',
})
export class Post extends Node {
  @Field({ description: 'Title (up to 200 characters).' })
  title: string;

  @Field({ description: `Short summary shown in feeds (up to 1,000 characters). ${PLAIN_TEXT_NOTE}` })
  summary: string;

  @Field({
    description: `The practice itself (up to 50,000 characters). ${markdownSourceNote('bodyHtml')}`,
  })
  body: string;

  @Field(() => Language, { description: 'Language the post is written in.' })
  language: string;

  @Field(() => PostVisibility, { description: 'Who may read it once published.' })
  visibility: PostVisibility;

  @Field(() => PostStatus, { description: 'Where it stands in review.' })
  status: PostStatus;

  @Field(() => Date, { nullable: true, description: 'When it was published; null until then.' })
  publishedAt: Date | null;

  @Field({ description: 'Whether moderators feature it.' })
  featured: boolean;

  @Field(() => Date, { nullable: true, description: 'When its author last edited it after creating it.' })
  editedAt: Date | null;

  @Field({ description: 'When it was created.' })
  createdAt: Date;

  // Plain fields (the entity's columns): graphql-js reads them without calling a resolver.
  @Field(() => Int, { description: 'How many practitioners endorse it.' })
  endorsementCount: number;

  @Field(() => Int, { description: 'How many comments it has (deleted and hidden ones excluded).' })
  commentCount: number;
}

export const PostConnection = Connection(Post, 'Post');

@ObjectType('PostTransition', { description: 'One recorded step of a post’s lifecycle.' })
export class PostTransition {
  @Field(() => PostAction, { description: 'What happened.' })
  action: PostAction;

  @Field(() => PostStatus, { description: 'Status before.' })
  fromStatus: PostStatus;

  @Field(() => PostStatus, { description: 'Status after.' })
  toStatus: PostStatus;

  @Field(() => String, { nullable: true, description: 'The note given with the decision.' })
  note: string | null;

  @Field({ description: 'When it happened.' })
  createdAt: Date;
}
