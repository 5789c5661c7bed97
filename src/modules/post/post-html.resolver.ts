import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { RENDERED_HTML_NOTE, renderMarkdownOnce } from '../../common/markdown/render-markdown';
import type { PostEntity } from './post.entity';
import { Post } from './post.types';

/** `Post.bodyHtml`: the Markdown body rendered and sanitized on the server, only when selected. */
@Resolver(() => Post)
export class PostHtmlResolver {
  @FieldResolver(() => String, { description: `The body as HTML. ${RENDERED_HTML_NOTE}` })
  bodyHtml(@Root() post: PostEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, post.body);
  }
}
