import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { RENDERED_HTML_NOTE, renderMarkdownOnce } from '../../common/markdown/render-markdown';
import type { PractitionerEntity } from './practitioner.entity';
import { Practitioner } from './practitioner.types';

/** `Practitioner.bioHtml`: the Markdown biography rendered and sanitized on the server. */
@Resolver(() => Practitioner)
export class PractitionerHtmlResolver {
  // Reads the same value as `bio`: if `bio` ever gets a field-level rule, this field must follow it.
  @FieldResolver(() => String, {
    nullable: true,
    description: `The biography as HTML; null when there is none. ${RENDERED_HTML_NOTE}`,
  })
  bioHtml(@Root() p: PractitionerEntity, @Ctx() ctx: Context): string | null {
    return p.bio == null ? null : renderMarkdownOnce(ctx, p.bio);
  }
}
