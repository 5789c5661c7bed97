import type { ContentVersionService } from './content-version.service';
import { VersionView } from './content-version.service';
import type { Context } from '../../common/context';
import { isGlobalModerator } from '../../common/auth/policy';
import { toGlobalId, UUID_PATTERN } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { VersionOrigin } from './content-version.enums';

declare module '../../common/context' {
  interface ContextServices {
    contentVersions: ContentVersionService;
  }
}

export const CONTENT_VERSION_TYPE = 'ContentVersion';

/** The global id of a version: its content's kind and id, and its language. */
export const contentVersionId = (v: Pick<VersionView, 'kind' | 'contentId' | 'language'>) =>
  toGlobalId(CONTENT_VERSION_TYPE, `${v.kind}:${v.contentId}:${v.language}`);

/**
 * Versions as Nodes. A version's read policy is its content's (the content's own node read policy), and the
 * version must be shown to the viewer (or the viewer one who reviews it: a moderator, or a network moderator
 * of the content, who see rejected and waiting ones too).
 */
export const contentVersionNode = nodeType<VersionView>(
  CONTENT_VERSION_TYPE,
  {
    isTypeOf: (value) => value instanceof VersionView,
    async byId(ctx: Context, localId: string) {
      const [kind, contentId, language] = localId.split(':');
      const content = await ctx.services.contentVersions.readableOrNull(ctx, kind, contentId);
      if (!content) return null;
      const v = await ctx.services.contentVersions.viewOne(ctx, kind, content, language);
      if (v.language === language) return v;
      // A version not shown to readers (rejected, awaiting review): canRead decides (its reviewers see it).
      return ctx.services.contentVersions.stored(kind, content, language);
    },
    async canRead(ctx: Context, v: VersionView) {
      if (!(await ctx.services.contentVersions.readableOrNull(ctx, v.kind, v.contentId))) return false;
      if (v.origin === VersionOrigin.ORIGINAL || isGlobalModerator(ctx.viewer)) return true;
      if (ctx.services.contentVersions.isShown(ctx.viewer, v)) return true;
      // Whoever reviews the content (its network moderators) sees the versions they review, rejected too.
      return ctx.services.contentVersions.reviewsLoaded(ctx, v.kind, v.contentId);
    },
  },
  new RegExp(`^[A-Za-z]+:${UUID_PATTERN}:(ar|zh|en|fr|ru|es)$`),
);
