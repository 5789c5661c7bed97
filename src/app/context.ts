import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { GraphQLError } from 'graphql';
import type { Context } from '../common/context';
import type { Viewer } from '../common/auth/viewer';
import { parseBearer } from '../common/auth/tokens';
import { ErrorCode } from '../common/errors/error-code';
import { languageFromAcceptLanguage } from '../common/i18n/language';
import { createPractitionerLoaders } from '../modules/practitioner/practitioner.loaders';
import { createNetworkLoaders } from '../modules/network/network.loaders';
import { createFollowLoaders } from '../modules/follow/follow.loaders';
import { createContactLoaders } from '../modules/contact/contact.loaders';
import { createPostLoaders } from '../modules/post/post.loaders';
import { createCommentLoaders } from '../modules/comment/comment.loaders';
import { createBlockLoaders } from '../modules/block/block.loaders';
import { createNotificationLoaders } from '../modules/notification/notification.loaders';
import { createCentralAuthorityLoaders } from '../modules/central-authority/central-authority.loaders';
import { createInstrumentLoaders } from '../modules/instrument/instrument.loaders';
import { createLegalDevelopmentLoaders } from '../modules/legal-development/legal-development.loaders';
import { createModerationLoaders } from '../modules/moderation/moderation.loaders';
import type { Services } from './services';

function invalidToken(): GraphQLError {
  return new GraphQLError('The access token is invalid or expired; refresh the session or sign in again.', {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

/** Builds the context of every operation, for HTTP and WebSocket alike. */
export class ContextFactory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly services: Services,
  ) {}

  /** The viewer for an Authorization value: null when absent; throws UNAUTHENTICATED when bad. */
  async viewerFor(authorization: unknown): Promise<Viewer | null> {
    const token = parseBearer(authorization);
    if (token === null) return null;
    if (token === 'malformed') throw invalidToken();
    const viewer = await this.services.identity.authenticate(token);
    if (!viewer) throw invalidToken();
    return viewer;
  }

  /** A fresh context: the viewer, the language and new DataLoaders (nothing is shared across requests). */
  build(
    viewer: Viewer | null,
    acceptLanguage: string | undefined | null,
    clientIp: string | null = null,
    requestId?: string,
  ): Context {
    const ctx: Context = {
      viewer,
      language: languageFromAcceptLanguage(acceptLanguage),
      loaders: this.loaders(viewer),
      renewLoaders: () => {
        ctx.loaders = this.loaders(viewer);
      },
      requestId: requestId ?? crypto.randomUUID(),
      pubSub: this.services.pubSub,
      rateLimiter: this.services.rateLimiter,
      clientIp,
      services: {
        feed: this.services.feed,
        blocks: this.services.blocks,
        notifications: this.services.notifications,
        reports: this.services.reports,
        moderationLog: this.services.moderationLog,
        legalDevelopments: this.services.legalDevelopments,
      },
    };
    return ctx;
  }

  /** A new set of DataLoaders for one viewer. */
  private loaders(viewer: Viewer | null): Context['loaders'] {
    return {
      practitioner: createPractitionerLoaders(this.dataSource),
      network: createNetworkLoaders(this.dataSource, viewer),
      follow: createFollowLoaders(this.dataSource, viewer),
      contact: createContactLoaders(this.dataSource, viewer),
      post: createPostLoaders(this.dataSource, viewer),
      comment: createCommentLoaders(this.dataSource, viewer),
      block: createBlockLoaders(this.services.blocks, viewer),
      notification: createNotificationLoaders(this.services.notifications),
      instrument: createInstrumentLoaders(this.dataSource, this.services.treaties),
      legalDevelopment: createLegalDevelopmentLoaders(this.dataSource),
      centralAuthority: createCentralAuthorityLoaders(this.dataSource),
      moderation: createModerationLoaders(this.dataSource),
    };
  }
}
