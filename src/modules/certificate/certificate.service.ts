import crypto from 'node:crypto';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { isVerified } from '../../common/auth/policy';
import { query, raw, sql } from '../../common/db/sql';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors/errors';
import { isoMicros } from '../../common/relay/batched-connection';
import { Keyset } from '../../common/relay/keyset';
import { mapPage } from '../../common/relay/pagination';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { OutboxConsumer } from '../../platform/outbox/outbox.dispatcher';
import type { DomainEvent } from '../../platform/unit-of-work/events';
import type { UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { canManageCourse, CourseEntity, facilitatorIdsOf } from '../course';
import { PractitionerEntity } from '../practitioner';
import { CertificateEntity } from './certificate.entity';
import { CERTIFICATE_LANGUAGES, renderCertificatePdf } from './certificate.pdf';
import type { CertificateLanguage } from './certificate.pdf';

/** The Node type name of a certificate. */
export const CERTIFICATE_TYPE = 'Certificate';

/** Crockford's base32 alphabet (no I, L, O, U: nothing to confuse when typing a code). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 random bytes: 160 bits, 32 characters, printed in 8 groups of 4. */
const CODE_BYTES = 20;
const CODE_CHARS = (CODE_BYTES * 8) / 5;

/** A new verification code: 160 random bits as `XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX`. */
export function newCertificateCode(): string {
  const bytes = crypto.randomBytes(CODE_BYTES);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/**
 * A code as typed (any case, with or without dashes or spaces; O read as 0, I and L as 1) in its stored
 * form, or null when it cannot be one.
 */
export function normalizeCertificateCode(input: string): string | null {
  const plain = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== CODE_CHARS || [...plain].some((c) => !ALPHABET.includes(c))) return null;
  return plain.match(/.{4}/g)!.join('-');
}

/** What public verification tells: nothing else. */
export interface CertificateVerificationResult {
  holderName: string;
  courseTitle: string;
  issuedAt: Date;
  status: 'VALID' | 'REVOKED';
}

/**
 * Who sees a certificate: its holder, the course's facilitators and global moderators (admins hold every
 * role); verified accounts only. `managesCourse` says whether the viewer runs the course.
 */
export function canViewCertificate(
  viewer: Viewer | null,
  c: { holderId: string },
  managesCourse: boolean,
): boolean {
  if (!isVerified(viewer)) return false;
  return c.holderId === viewer.id || managesCourse;
}

const ORDER = new Keyset<CertificateEntity & { cursorAt: string }>(
  [
    { column: 'c."issuedAt"', kind: 'timestamp' },
    { column: 'c."id"', kind: 'uuid' },
  ],
  'DESC',
  (r) => [r.cursorAt, r.id],
);

/**
 * Certificates of completion: `issue` (the consumer of `course.completed`) inserts at most one per learner
 * and course, `verify` answers the public check of a code, `revoke` ends one at once, `pdf` renders it.
 */
export class CertificateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly fontDir: string,
  ) {}

  /**
   * Issues the certificate of a completed enrolment, once: a redelivered or concurrent event inserts
   * nothing (the unique index on course and holder). An enrolment no longer completed issues nothing.
   */
  async issue(enrollmentId: string): Promise<void> {
    await this.uow.run(async (tx) => {
      await query(
        tx.manager,
        sql`INSERT INTO certificate ("code", "courseId", "holderId", "enrollmentId", "issuedAt")
            SELECT ${newCertificateCode()}, e."courseId", e."practitionerId", e."id", e."completedAt"
              FROM course_enrollment e
             WHERE e."id" = ${enrollmentId} AND e."completedAt" IS NOT NULL
            ON CONFLICT ("courseId", "holderId") DO NOTHING`,
      );
    });
  }

  async byIds(ids: readonly string[]): Promise<CertificateEntity[]> {
    return this.dataSource.getRepository(CertificateEntity).findBy({ id: In([...ids]) });
  }

  /** The viewer's certificates, newest first. */
  async mine(viewer: Viewer, page: PageArgs): Promise<Page<CertificateEntity>> {
    const w = ORDER.window(page);
    const rows = await query<CertificateEntity & { cursorAt: string }>(
      this.dataSource,
      sql`SELECT c.*, ${raw(isoMicros('c."issuedAt"'))} AS "cursorAt" FROM certificate c
          WHERE c."holderId" = ${viewer.id} ${w.andAfter}
          ORDER BY ${w.orderBy} ${w.limit}`,
    );
    const repo = this.dataSource.getRepository(CertificateEntity);
    return mapPage(w.page(rows), (r) => repo.create(r));
  }

  /** The public check of a code: null for a code that is not one (or whose holder deleted their account). */
  async verify(code: string): Promise<CertificateVerificationResult | null> {
    const normalized = normalizeCertificateCode(code);
    if (!normalized) return null;
    const [row] = await query<{ holderName: string; courseTitle: string; issuedAt: Date; revokedAt: Date }>(
      this.dataSource,
      sql`SELECT p."displayName" AS "holderName", k."title" AS "courseTitle", c."issuedAt", c."revokedAt"
            FROM certificate c
            JOIN practitioner p ON p.id = c."holderId"
            JOIN course k ON k.id = c."courseId"
           WHERE c."code" = ${normalized} AND p."deletedAt" IS NULL`,
    );
    if (!row) return null;
    return {
      holderName: row.holderName,
      courseTitle: row.courseTitle,
      issuedAt: new Date(row.issuedAt),
      status: row.revokedAt ? 'REVOKED' : 'VALID',
    };
  }

  /**
   * Revokes a certificate, with a reason: the course's facilitators and moderators (and admins). Someone who
   * may see it but not run the course (its holder): FORBIDDEN; anyone else: NOT_FOUND; revoked already:
   * CONFLICT.
   */
  async revoke(viewer: Viewer, id: string, reason: string): Promise<CertificateEntity> {
    const why = reason.trim();
    if (!why || why.length > 1000)
      throw new BadUserInputError('A reason of 1 to 1000 characters is required.', [
        { field: 'reason', message: 'Give a reason of 1 to 1000 characters.' },
      ]);
    return this.uow.run(async (tx) => {
      const repo = tx.manager.getRepository(CertificateEntity);
      const cert = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!cert) throw new NotFoundError('Certificate');
      const course = await tx.manager.getRepository(CourseEntity).findOneByOrFail({ id: cert.courseId });
      const manages = canManageCourse(viewer, course, await facilitatorIdsOf(tx.manager, course.id));
      if (!canViewCertificate(viewer, cert, manages)) throw new NotFoundError('Certificate');
      if (!manages)
        throw new ForbiddenError('Only the course’s facilitators and moderators revoke certificates.');
      if (cert.revokedAt) throw new ConflictError('This certificate is revoked already.');
      cert.revokedAt = new Date();
      cert.revokedById = viewer.id;
      cert.revocationReason = why;
      return repo.save(cert);
    });
  }

  /** The certificate `id` if the viewer may read it (holder, facilitators, moderators), else null. */
  async readable(viewer: Viewer | null, id: string): Promise<CertificateEntity | null> {
    if (!isVerified(viewer) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const cert = await this.dataSource.getRepository(CertificateEntity).findOneBy({ id });
    if (!cert) return null;
    if (cert.holderId === viewer.id) return canViewCertificate(viewer, cert, false) ? cert : null;
    const course = await this.dataSource.getRepository(CourseEntity).findOneBy({ id: cert.courseId });
    if (!course) return null;
    const manages = canManageCourse(
      viewer,
      course,
      await facilitatorIdsOf(this.dataSource.manager, course.id),
    );
    return canViewCertificate(viewer, cert, manages) ? cert : null;
  }

  /**
   * The PDF of a certificate, in `language` if given (one of the six), else in the holder's first UN
   * language, else in the course's language, else English.
   */
  async pdf(cert: CertificateEntity, language: string | null, verifyUrl: string | null): Promise<Buffer> {
    const [holder, course] = await Promise.all([
      this.dataSource.getRepository(PractitionerEntity).findOneByOrFail({ id: cert.holderId }),
      this.dataSource.getRepository(CourseEntity).findOneByOrFail({ id: cert.courseId }),
    ]);
    const six = (l: string | null | undefined) =>
      l && (CERTIFICATE_LANGUAGES as readonly string[]).includes(l.toUpperCase())
        ? (l.toUpperCase() as CertificateLanguage)
        : null;
    const chosen =
      six(language) ??
      holder.languages.map(six).find((l) => l !== null) ??
      six((course as unknown as { language?: string }).language) ??
      'EN';
    return renderCertificatePdf(
      {
        language: chosen,
        holderName: holder.displayName,
        courseTitle: course.title,
        issuedAt: cert.issuedAt,
        code: cert.code,
        revoked: !!cert.revokedAt,
        verifyUrl,
      },
      this.fontDir,
    );
  }
}

/** `course.completed` → the learner's certificate (once, whatever the redeliveries). */
export function certificateConsumer(certificates: CertificateService): OutboxConsumer {
  return {
    name: 'certificate-issue',
    types: ['course.completed'],
    async handle(events: DomainEvent[]) {
      for (const event of events)
        await certificates.issue((event as DomainEvent<'course.completed'>).payload.enrollmentId);
    },
  };
}
