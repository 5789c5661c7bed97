import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/context';
import { CurrentViewer } from '../../common/auth/current-viewer';
import { COMMUNITY } from '../../common/auth/role';
import { isVerified } from '../../common/auth/policy';
import { Public } from '../../common/auth/auth-checker';
import type { Viewer } from '../../common/auth/viewer';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { fromGlobalIdOf, toGlobalId } from '../../common/relay/global-id';
import { nodeType } from '../../common/relay/node-registry';
import { BidirectionalConnectionArgs } from '../../common/relay/pagination';
import type { Page } from '../../common/relay/pagination';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import { visibleAuthor } from '../content';
import { Course, managesCourse } from '../course';
import type { CourseEntity } from '../course';
import { CertificateEntity } from './certificate.entity';
import { canViewCertificate, CERTIFICATE_TYPE, CertificateService } from './certificate.service';
import {
  Certificate,
  CertificateConnection,
  CertificateStatus,
  CertificateVerification,
  RevokeCertificateInput,
  RevokeCertificatePayload,
} from './certificate.types';

/** A certificate: its holder, or those who run its course (facilitators, moderators). */
export async function canReadCertificate(ctx: Context, c: CertificateEntity): Promise<boolean> {
  if (!isVerified(ctx.viewer)) return false;
  if (c.holderId === ctx.viewer.id) return canViewCertificate(ctx.viewer, c, false);
  const course = await ctx.loaders.course.byId.load(c.courseId);
  return !!course && canViewCertificate(ctx.viewer, c, await managesCourse(ctx, course));
}

export const certificateNode = nodeType<CertificateEntity>(CERTIFICATE_TYPE, {
  isTypeOf: (value) => value instanceof CertificateEntity,
  byId: (ctx, id) => ctx.loaders.certificate.byId.load(id),
  canRead: canReadCertificate,
});

@Resolver(() => Certificate)
export class CertificateResolver {
  constructor(private readonly certificates: CertificateService) {}

  @Authorized(COMMUNITY)
  @Query(() => CertificateConnection, { description: 'Your certificates of completion, newest first.' })
  myCertificates(
    @CurrentViewer() viewer: Viewer,
    @Args() args: BidirectionalConnectionArgs,
  ): Promise<Page<CertificateEntity>> {
    return this.certificates.mine(viewer, args);
  }

  @Public()
  @RateLimit('verify')
  @Query(() => CertificateVerification, {
    nullable: true,
    description:
      'Public (no sign-in): checks a certificate code. Answers only the holder’s display name, the course ' +
      'title, the issue date and VALID or REVOKED; null when no certificate has this code (or its holder ' +
      'deleted their account). Rate-limited per client IP (RATE_LIMITED), against guessing.',
  })
  verifyCertificate(
    @Arg('code', { description: 'The code as printed (case, dashes and spaces do not matter).' })
    code: string,
  ): Promise<CertificateVerification | null> {
    return this.certificates.verify(code) as Promise<CertificateVerification | null>;
  }

  @Authorized(COMMUNITY)
  @RateLimit('moderation')
  @Mutation(() => RevokeCertificatePayload, {
    description:
      'Revokes a certificate, with a reason, at once (verification answers REVOKED): the course’s ' +
      'facilitators and moderators (admins too). Its holder: FORBIDDEN; others: NOT_FOUND; revoked already: ' +
      'CONFLICT.',
  })
  async revokeCertificate(
    @CurrentViewer() viewer: Viewer,
    @Arg('input', () => RevokeCertificateInput, { description: 'The certificate and the reason.' })
    input: RevokeCertificateInput,
  ): Promise<RevokeCertificatePayload> {
    const id = fromGlobalIdOf(CERTIFICATE_TYPE, input.id);
    return { certificate: await this.certificates.revoke(viewer, id, input.reason) };
  }

  @FieldResolver(() => ID, { description: 'Opaque global identifier.' })
  id(@Root() c: CertificateEntity): string {
    return toGlobalId(CERTIFICATE_TYPE, c.id);
  }

  @FieldResolver(() => CertificateStatus, { description: 'VALID or REVOKED.' })
  status(@Root() c: CertificateEntity): CertificateStatus {
    return c.revokedAt ? CertificateStatus.REVOKED : CertificateStatus.VALID;
  }

  @FieldResolver(() => Course, { nullable: true, description: 'The course; null if you may not see it.' })
  async course(@Root() c: CertificateEntity, @Ctx() ctx: Context): Promise<CourseEntity | null> {
    return ctx.loaders.course.byId.load(c.courseId);
  }

  @FieldResolver(() => Practitioner, {
    nullable: true,
    description: 'The holder; null if their profile is not visible to you.',
  })
  holder(@Root() c: CertificateEntity, @Ctx() ctx: Context): Promise<PractitionerEntity | null> {
    return visibleAuthor(ctx, c.holderId);
  }

  @FieldResolver(() => String, {
    description:
      'The PDF of the certificate: `/certificates/<id>.pdf` on this server, downloaded with the same bearer ' +
      'token (holder, facilitators, moderators). In the holder’s language by default; `?lang=ar|zh|en|fr|ru|es` ' +
      'chooses another.',
  })
  pdfUrl(@Root() c: CertificateEntity): string {
    return `/certificates/${encodeURIComponent(toGlobalId(CERTIFICATE_TYPE, c.id))}.pdf`;
  }
}
