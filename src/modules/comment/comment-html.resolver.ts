import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { RENDERED_HTML_NOTE, renderMarkdownOnce } from '../../common/markdown/render-markdown';
import type { CommentEntity } from './comment.entity';
import { Comment } from './comment.types';

/** `Comment.bodyHtml`: the Markdown text rendered and sanitized on the server, only when selected. */
@Resolver(() => Comment)
export class CommentHtmlResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: `The text as HTML; null once deleted, like \`body\`. ${RENDERED_HTML_NOTE}`,
  })
  bodyHtml(@Root() comment: CommentEntity, @Ctx() ctx: Context): string | null {
    return comment.deletedAt ? null : renderMarkdownOnce(ctx, comment.body);
  }
}
