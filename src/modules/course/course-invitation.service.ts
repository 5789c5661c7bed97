import type { DataSource, EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import { Role, VerificationStatus } from '../../common/auth/role';
import { accountViewer } from '../../common/auth/viewer';
import type { Viewer } from '../../common/auth/viewer';
import { seal } from '../../common/auth/sealed';
import { hashOpaqueToken, newOpaqueToken, OPAQUE_TOKEN_PATTERN } from '../../common/auth/tokens';
import { ConflictError, NotFoundError } from '../../common/errors/errors';
import { sql } from '../../common/db/sql';
import { Keyset, entityPage } from '../../common/relay/keyset';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { canVerify, normalizeEmail, VerificationDecision } from '../practitioner';
import type { PractitionerEntity, PractitionerListener, PractitionerService } from '../practitioner';
import { CourseEnrollmentEntity, CourseEntity } from './course.entity';
import { CourseInvitationStatus } from './course.enums';
import { canManageCourse } from './course.policy';
import { facilitatorIdsOf } from './course.service';
import type { CourseService } from './course.service';
import type { CourseEnrollmentService } from './course-enrollment.service';
import { CourseForbiddenError } from './course-enrollment.service';
import { COURSE_INVITATION_DAYS, CourseInvitationEntity } from './course-invitation.entity';
import type { CourseInvitationPreview } from './course-invitation.types';

/** Newest invitations first. */
export const INVITATION_ORDER = new Keyset<CourseInvitationEntity>(
  [
    { column: 'i."createdAt"', kind: 'timestamp' },
    { column: 'i."id"', kind: 'uuid' },
  ],
  'DESC',
  (i) => [i.createdAt.toISOString(), i.id],
);

/** Where an invitation stands (revoked, accepted, expired, else pending). */
export function invitationStatus(i: CourseInvitationEntity, now = new Date()): CourseInvitationStatus {
  if (i.revokedAt) return CourseInvitationStatus.REVOKED;
  if (i.acceptedAt) return CourseInvitationStatus.ACCEPTED;
  if (i.expiresAt.getTime() <= now.getTime()) return CourseInvitationStatus.EXPIRED;
  return CourseInvitationStatus.PENDING;
}

/** Unknown, expired, revoked, used, or meant for another address: one answer for all. */
function invitationNotFound(): NotFoundError {
  return new NotFoundError('Course invitation');
}

export interface AcceptResult {
  /** The account's verification after the acceptance. */
  verification: VerificationStatus;
  /** The enrolment made; null while the account awaits vetting (a nomination). */
  enrollment: CourseEnrollmentEntity | null;
}

/** What accepting needs to know of the practitioner service (its vetting path and address confirmation). */
type Practitioners = Pick<PractitionerService, 'findById' | 'verifyIn' | 'confirmAddress'>;

/**
 * Invitations to a course by e-mail: a way into the community that goes through vetting. A moderator's
 * invitation vets its acceptor (the moderator's `verifyPractitioner`, in the acceptance's transaction); a
 * facilitator's is a nomination that moderators see until they decide, and verifying the account enrols it.
 */
export class CourseInvitationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly idempotency: IdempotencyService,
    private readonly courses: CourseService,
    private readonly enrollments: CourseEnrollmentService,
    private readonly practitioners: Practitioners,
    /** Seals the link's token for its `mail.requested` event. */
    private readonly secret: string,
  ) {}

  /**
   * Invites an address (facilitators and moderators): a row with the token's hash and a `course-invitation`
   * message after the commit. Nothing about the address's account is read: the answer is the same.
   */
  async invite(
    viewer: Viewer,
    courseId: string,
    email: string,
    idempotencyKey?: string | null,
  ): Promise<CourseInvitationEntity> {
    const address = normalizeEmail(email);
    const load = (id: string) =>
      this.dataSource.getRepository(CourseInvitationEntity).findOneByOrFail({ id });
    const create = await this.idempotency.begin(
      viewer.id,
      'inviteToCourseByEmail',
      idempotencyKey,
      { courseId, email: address },
      load,
    );
    if (create.earlier) return create.earlier;
    const { result } = await create.run(async (manager, tx) => {
      const { course } = await this.courses.lockVisible(manager, viewer, courseId, true);
      const inviter = await this.practitioners.findById(viewer.id, manager);
      const { token, hash } = newOpaqueToken();
      const repo = manager.getRepository(CourseInvitationEntity);
      const saved = await repo.save(
        repo.create({
          courseId,
          email: address,
          invitedById: viewer.id,
          tokenHash: hash,
          expiresAt: new Date(Date.now() + COURSE_INVITATION_DAYS * 24 * 3600 * 1000),
        }),
      );
      tx.record('mail.requested', {
        template: 'course-invitation',
        recipientId: null,
        to: address,
        sealedToken: seal(token, this.secret),
        params: {
          title: course.title,
          inviter: inviter?.displayName ?? '',
          language: course.languages[0] ?? course.language ?? 'en',
        },
      });
      return saved;
    });
    return result;
  }

  /**
   * Accepts an invitation for the viewer's account (its address must be the one invited): verified members
   * are enrolled; a PENDING account is verified by a moderator's invitation (then enrolled) or nominated by a
   * facilitator's. REJECTED accounts: FORBIDDEN ACCOUNT_REJECTED. All in one transaction.
   */
  async accept(viewer: Viewer, token: string): Promise<AcceptResult> {
    return this.uow.run(async (tx) => {
      const { manager } = tx;
      const me = await this.practitioners.findById(viewer.id, manager);
      if (!me || me.deletedAt) throw invitationNotFound();
      if (me.verification === VerificationStatus.REJECTED)
        throw new CourseForbiddenError(
          'Your account was not accepted into the community.',
          'ACCOUNT_REJECTED',
        );
      if (!OPAQUE_TOKEN_PATTERN.test(token)) throw invitationNotFound();
      const repo = manager.getRepository(CourseInvitationEntity);
      const invitation = await repo.findOne({
        where: { tokenHash: hashOpaqueToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (
        !invitation ||
        invitationStatus(invitation) !== CourseInvitationStatus.PENDING ||
        invitation.email !== me.emailNormalized
      )
        throw invitationNotFound();
      invitation.acceptedById = me.id;
      invitation.acceptedAt = new Date();
      await repo.save(invitation);
      // The link was sent to this address: presenting it proves the account's owner receives its mail.
      await this.practitioners.confirmAddress(manager, me.id);
      if (me.verification === VerificationStatus.VERIFIED) {
        const enrollment = await this.admit(manager, invitation);
        return { verification: me.verification, enrollment };
      }
      const inviter = await this.practitioners.findById(invitation.invitedById, manager);
      const vetter = inviter && vettingViewer(inviter);
      if (vetter && canVerify(vetter, me)) {
        const course = await manager.getRepository(CourseEntity).findOneByOrFail({ id: invitation.courseId });
        // verifyPractitioner's own path: its listeners (below, `listener`) enrol the accepted invitations.
        await this.practitioners.verifyIn(
          tx,
          vetter,
          me.id,
          VerificationDecision.APPROVE,
          `Course invitation: ${course.title}`,
        );
        const enrollment = await manager
          .getRepository(CourseEnrollmentEntity)
          .findOneBy({ courseId: invitation.courseId, practitionerId: me.id });
        return { verification: VerificationStatus.VERIFIED, enrollment };
      }
      return { verification: me.verification, enrollment: null };
    });
  }

  /** The landing page's view of a token (course title, inviter name, expiry, status); null when unknown. */
  async preview(token: string): Promise<CourseInvitationPreview | null> {
    if (!OPAQUE_TOKEN_PATTERN.test(token)) return null;
    const invitation = await this.dataSource
      .getRepository(CourseInvitationEntity)
      .findOneBy({ tokenHash: hashOpaqueToken(token) });
    if (!invitation) return null;
    const [course, inviter] = await Promise.all([
      this.dataSource.getRepository(CourseEntity).findOneBy({ id: invitation.courseId }),
      this.practitioners.findById(invitation.invitedById),
    ]);
    if (!course) return null;
    return {
      courseTitle: course.title,
      inviterName: inviter?.displayName ?? '',
      expiresAt: invitation.expiresAt,
      status: invitationStatus(invitation),
    };
  }

  /** Makes the enrolment of an accepted invitation (course row locked) and marks it enrolled. */
  private async admit(
    manager: EntityManager,
    invitation: CourseInvitationEntity,
  ): Promise<CourseEnrollmentEntity> {
    const enrollment = await this.enrollments.admitInvited(
      manager,
      invitation.courseId,
      invitation.acceptedById!,
    );
    await manager
      .getRepository(CourseInvitationEntity)
      .update({ id: invitation.id }, { enrolledAt: new Date() });
    return enrollment;
  }

  /**
   * Keeps invitations in step with vetting (registered with the practitioner service): a verified account's
   * nominations become enrolments in the verifying transaction; a rejected account's nominations are removed.
   */
  listener(): PractitionerListener {
    return {
      onVerified: async (manager, p) => {
        const nominations = await manager.getRepository(CourseInvitationEntity).find({
          where: { acceptedById: p.id, enrolledAt: IsNull(), revokedAt: IsNull() },
          order: { courseId: 'ASC' }, // courses are locked in id order
        });
        for (const n of nominations) await this.admit(manager, n);
      },
      onRejected: async (manager, p) => {
        await manager
          .getRepository(CourseInvitationEntity)
          .update(
            { acceptedById: p.id, enrolledAt: IsNull(), revokedAt: IsNull() },
            { revokedAt: new Date() },
          );
      },
    };
  }

  /** Revokes a PENDING invitation: its inviter, the course's facilitators and moderators (NOT_FOUND otherwise). */
  async revoke(viewer: Viewer, id: string): Promise<CourseInvitationEntity> {
    return this.uow.run(async ({ manager }) => {
      const repo = manager.getRepository(CourseInvitationEntity);
      const invitation = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!invitation) throw new NotFoundError('Course invitation');
      const course = await manager.getRepository(CourseEntity).findOneBy({ id: invitation.courseId });
      const facilitatorIds = await facilitatorIdsOf(manager, invitation.courseId);
      const allowed =
        !!course && (canManageCourse(viewer, course, facilitatorIds) || invitation.invitedById === viewer.id);
      if (!allowed) throw new NotFoundError('Course invitation');
      const status = invitationStatus(invitation);
      if (status !== CourseInvitationStatus.PENDING)
        throw new ConflictError(`A ${status} invitation cannot be revoked.`);
      invitation.revokedAt = new Date();
      return repo.save(invitation);
    });
  }

  /** A course's invitations, newest first (for those who run it). */
  list(courseId: string, args: PageArgs): Promise<Page<CourseInvitationEntity>> {
    const qb = this.dataSource.getRepository(CourseInvitationEntity).createQueryBuilder('i');
    return entityPage(qb, INVITATION_ORDER, INVITATION_ORDER.window(args), [
      sql`i."courseId" = ${courseId}::uuid`,
    ]);
  }
}

/**
 * The inviter as a vetting moderator at acceptance time: verified, MODERATOR or ADMIN, not suspended nor
 * deleted (the same right `verifyPractitioner` requires); null otherwise.
 */
function vettingViewer(p: PractitionerEntity): Viewer | null {
  const viewer = accountViewer(p);
  if (p.deletedAt || viewer.suspended) return null;
  if (p.verification !== VerificationStatus.VERIFIED) return null;
  if (p.role !== Role.MODERATOR && p.role !== Role.ADMIN) return null;
  return viewer;
}
