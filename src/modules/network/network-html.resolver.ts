import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { RENDERED_HTML_NOTE, renderMarkdownOnce } from '../../common/markdown/render-markdown';
import type { NetworkEntity } from './network.entity';
import { Network } from './network.types';

/** `Network.descriptionHtml`: the Markdown description rendered and sanitized on the server. */
@Resolver(() => Network)
export class NetworkHtmlResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: `The description as HTML; null when there is none. ${RENDERED_HTML_NOTE}`,
  })
  descriptionHtml(@Root() network: NetworkEntity, @Ctx() ctx: Context): string | null {
    return network.description == null ? null : renderMarkdownOnce(ctx, network.description);
  }
}
