import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { RENDERED_HTML_NOTE, renderMarkdownOnce } from '../../common/markdown/render-markdown';
import type { LegalDevelopmentEntity } from './legal-development.entity';
import { LegalDevelopment } from './legal-development.types';

/** `LegalDevelopment.bodyHtml`: the Markdown full text rendered and sanitized on the server. */
@Resolver(() => LegalDevelopment)
export class LegalDevelopmentHtmlResolver {
  @FieldResolver(() => String, { description: `The full text as HTML. ${RENDERED_HTML_NOTE}` })
  bodyHtml(@Root() ld: LegalDevelopmentEntity, @Ctx() ctx: Context): string {
    return renderMarkdownOnce(ctx, ld.body);
  }
}
