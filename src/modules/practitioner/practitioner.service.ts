import type { DataSource, EntityManager } from 'typeorm';
import { Role, VerificationStatus } from '../../common/auth/role';
import type { Viewer } from '../../common/auth/viewer';
import {
  AppError,
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from '../../common/errors/errors';
import { ErrorCode } from '../../common/errors/error-code';
import type { FieldProblem } from '../../common/errors/errors';
import { and, anyOf, raw, sql } from '../../common/db/sql';
import { queryPrepared } from '../../common/db/prepared';
import { leanShape } from '../../common/db/lean-columns';
import { PRACTITIONER_COLUMN_NEEDS } from './practitioner.columns';
import type { Sql } from '../../common/db/sql';
import { Keyset } from '../../common/relay/keyset';
import type { Page, PageArgs } from '../../common/relay/pagination';
import type { ReferenceCatalog } from '../reference';
import { PractitionerEntity } from './practitioner.entity';
import type { PractitionerFilter, UpdateProfileInput } from './practitioner.inputs';
import {
  canDecideOnAccount,
  canVerify,
  isAdmin,
  OUTRANKED_MESSAGE,
  visiblePractitioners,
} from './practitioner.policy';
import { VerificationDecision } from './practitioner.types';
import type { Profession } from './practitioner.enums';
import type { Language } from '../../common/i18n/language';
import { NotificationType } from '../notification-type';
import type { Tx, UnitOfWork } from '../../platform/unit-of-work/unit-of-work';
import { recordModerationDecision } from '../moderation-log';
import { ModerationLogAction, TargetType } from '../moderation-log';

export interface NewAccount {
  email: string;
  passwordHash: string;
  displayName: string;
  countryCode: string;
  profession: Profession;
  organization?: string | null;
  languages?: Language[] | null;
  role?: Role;
  verification?: VerificationStatus;
  isDemo?: boolean;
  /** The address is known to be the owner's (accounts made verified: the first admin, the demo). */
  emailConfirmed?: boolean;
}

/**
 * Reacts to changes of a practitioner inside the transaction that makes them (other modules keep their
 * own rows in step, e.g. the country network membership). Registered in app/services.ts.
 */
export interface PractitionerListener {
  /** The practitioner has just become VERIFIED (vetting approved, or an account created verified). */
  onVerified?(manager: EntityManager, practitioner: PractitionerEntity): Promise<void>;
  /** A moderator has just REJECTED the practitioner's vetting. */
  onRejected?(manager: EntityManager, practitioner: PractitionerEntity): Promise<void>;
  /** A verified practitioner has just changed the country they work in. */
  onCountryChanged?(
    manager: EntityManager,
    practitioner: PractitionerEntity,
    previous: string,
  ): Promise<void>;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Profiles, vetting, roles and the directory. */
/** The directory's order: by display name, then id. */
const DIRECTORY_ORDER = new Keyset<PractitionerEntity>(
  [
    { column: 'p."displayName"', kind: 'string' },
    { column: 'p."id"', kind: 'uuid' },
  ],
  'ASC',
  (p) => [p.displayName, p.id],
);

export class PractitionerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ReferenceCatalog,
    /** Vetting and role changes record their events (notification, closing live connections) in a unit of work. */
    private readonly uow: UnitOfWork,
  ) {}

  private readonly listeners: PractitionerListener[] = [];

  addListener(listener: PractitionerListener): void {
    this.listeners.push(listener);
  }

  private async notifyVerified(manager: EntityManager, practitioner: PractitionerEntity): Promise<void> {
    for (const l of this.listeners) await l.onVerified?.(manager, practitioner);
  }

  /** A practitioner by id, whatever their status (callers apply the policies); null when absent. */
  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<PractitionerEntity | null> {
    return manager.getRepository(PractitionerEntity).findOneBy({ id });
  }

  /** Upper-cases and checks a country code against the reference data. */
  checkCountry(code: string, field = 'countryCode'): string {
    const upper = code.trim().toUpperCase();
    if (!this.catalog.country(upper)) {
      throw new BadUserInputError(`${code} is not an ISO 3166-1 country code.`, [
        { field, message: 'is not a known ISO 3166-1 alpha-2 code' },
      ]);
    }
    return upper;
  }

  private checkThematicAreas(codes: string[], field: string): void {
    const unknown = codes.filter((c) => !this.catalog.thematicArea(c));
    if (unknown.length) {
      throw new BadUserInputError(`Unknown thematic area codes: ${unknown.join(', ')}.`, [
        { field, message: `unknown codes ${unknown.join(', ')}` },
      ]);
    }
  }

  async createAccount(manager: EntityManager, data: NewAccount): Promise<PractitionerEntity> {
    const repo = manager.getRepository(PractitionerEntity);
    const emailNormalized = normalizeEmail(data.email);
    if (await repo.exists({ where: { emailNormalized } })) {
      throw new ConflictError('An account with this e-mail address already exists.');
    }
    const entity = repo.create({
      email: data.email.trim(),
      emailNormalized,
      passwordHash: data.passwordHash,
      displayName: data.displayName.trim(),
      countryCode: this.checkCountry(data.countryCode),
      profession: data.profession,
      organization: data.organization?.trim() || null,
      languages: [...new Set(data.languages ?? [])],
      role: data.role ?? Role.MEMBER,
      verification: data.verification ?? VerificationStatus.PENDING,
      isDemo: data.isDemo ?? false,
      emailConfirmedAt:
        data.emailConfirmed || data.verification === VerificationStatus.VERIFIED ? new Date() : null,
    });
    let saved: PractitionerEntity;
    try {
      saved = await repo.save(entity);
    } catch (err) {
      // A concurrent registration with the same address lost the race on the unique index.
      if ((err as { code?: string }).code === '23505')
        throw new ConflictError('An account with this e-mail address already exists.');
      throw err;
    }
    if (saved.verification === VerificationStatus.VERIFIED) await this.notifyVerified(manager, saved);
    return saved;
  }

  findByEmail(email: string): Promise<PractitionerEntity | null> {
    return this.dataSource
      .getRepository(PractitionerEntity)
      .findOneBy({ emailNormalized: normalizeEmail(email) });
  }

  async updateProfile(viewer: Viewer, input: UpdateProfileInput): Promise<PractitionerEntity> {
    const problems: FieldProblem[] = [];
    for (const required of [
      'displayName',
      'countryCode',
      'profession',
      'languages',
      'thematicAreaCodes',
      'contactVisibility',
    ] as const) {
      if (input[required] === null) problems.push({ field: required, message: 'cannot be null' });
    }
    if (input.displayName !== undefined && input.displayName !== null && !input.displayName.trim()) {
      problems.push({ field: 'displayName', message: 'cannot be blank' });
    }
    if (problems.length)
      throw new BadUserInputError(
        `Invalid input: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
        problems,
      );

    const changes: Partial<PractitionerEntity> = {};
    if (input.displayName != null) changes.displayName = input.displayName.trim();
    if (input.countryCode != null) changes.countryCode = input.countryCode.trim().toUpperCase();
    if (input.profession != null) changes.profession = input.profession;
    if (input.languages != null) changes.languages = input.languages;
    if (input.thematicAreaCodes != null) {
      this.checkThematicAreas(input.thematicAreaCodes, 'thematicAreaCodes');
      changes.thematicAreaCodes = input.thematicAreaCodes;
    }
    if (input.contactVisibility != null) changes.contactVisibility = input.contactVisibility;
    if (input.organization !== undefined) changes.organization = input.organization?.trim() || null;
    if (input.position !== undefined) changes.position = input.position?.trim() || null;
    if (input.bio !== undefined) changes.bio = input.bio || null;
    if (input.phone !== undefined) changes.phone = input.phone?.trim() || null;

    if (changes.countryCode !== undefined && this.listeners.length) {
      // A verified member who moves joins the new country's network in the same transaction.
      return this.dataSource.transaction(async (manager) => {
        const txRepo = manager.getRepository(PractitionerEntity);
        const before = await txRepo.findOne({
          where: { id: viewer.id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!before) throw new NotFoundError('Your account');
        await txRepo.update({ id: viewer.id }, changes);
        const updated = await txRepo.findOneByOrFail({ id: viewer.id });
        if (
          updated.verification === VerificationStatus.VERIFIED &&
          updated.countryCode !== before.countryCode
        ) {
          for (const l of this.listeners) await l.onCountryChanged?.(manager, updated, before.countryCode);
        }
        return updated;
      });
    }
    const repo = this.dataSource.getRepository(PractitionerEntity);
    if (Object.keys(changes).length) await repo.update({ id: viewer.id }, changes);
    const updated = await repo.findOneBy({ id: viewer.id });
    if (!updated) throw new NotFoundError('Your account');
    return updated;
  }

  verify(
    viewer: Viewer,
    id: string,
    decision: VerificationDecision,
    note: string | null,
  ): Promise<PractitionerEntity> {
    return this.uow.run((tx) => this.verifyIn(tx, viewer, id, decision, note));
  }

  /**
   * `verifyPractitioner`'s decision inside the caller's unit of work (the same checks, moderation-log entry,
   * events and listeners): an accepted course invitation of a moderator vets through it
   * (`acceptCourseInvitation`, the inviter as the moderator).
   */
  async verifyIn(
    { manager, record }: Tx,
    viewer: Viewer,
    id: string,
    decision: VerificationDecision,
    note: string | null,
  ): Promise<PractitionerEntity> {
    const repo = manager.getRepository(PractitionerEntity);
    const target = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!target) throw new NotFoundError('Practitioner');
    if (target.id === viewer.id) throw new ForbiddenError('Moderators cannot vet their own account.');
    if (!canVerify(viewer, target)) throw new ForbiddenError(OUTRANKED_MESSAGE);
    const next =
      decision === VerificationDecision.APPROVE ? VerificationStatus.VERIFIED : VerificationStatus.REJECTED;
    if (target.verification === next) throw new ConflictError(`This practitioner is already ${next}.`);
    if (next === VerificationStatus.VERIFIED && !target.emailConfirmedAt)
      throw new AppError(
        ErrorCode.CONFLICT,
        'This practitioner has not confirmed their e-mail address yet; they can be approved once they have.',
        { reason: 'EMAIL_NOT_CONFIRMED' },
      );
    target.verification = next;
    target.verifiedAt = new Date();
    target.verifiedById = viewer.id;
    target.verificationNote = note?.trim() || null;
    const saved = await repo.save(target);
    if (next === VerificationStatus.VERIFIED) await this.notifyVerified(manager, saved);
    else for (const l of this.listeners) await l.onRejected?.(manager, saved);
    await recordModerationDecision(manager, {
      actorId: viewer.id,
      action:
        next === VerificationStatus.VERIFIED
          ? ModerationLogAction.VERIFICATION_APPROVED
          : ModerationLogAction.VERIFICATION_REJECTED,
      targetType: TargetType.PRACTITIONER,
      targetId: saved.id,
      note: saved.verificationNote,
    });
    // Open sockets were authorized for the old status: they are ended (a reconnect gets the new one).
    record('practitioner.verified', { practitionerId: saved.id, verification: next });
    record('notification.requested', {
      notifications: [
        {
          type: NotificationType.VERIFICATION_DECIDED,
          recipientId: saved.id,
          actorId: null, // the platform decides; the moderator is not named
          subjectType: 'Practitioner',
          subjectId: saved.id,
          decision: decision,
          note: saved.verificationNote,
        },
      ],
    });
    return saved;
  }

  /**
   * Marks the account's current address as confirmed (its owner presented a link sent to that address, e.g.
   * a course invitation), in the caller's transaction.
   */
  async confirmAddress(manager: EntityManager, id: string): Promise<void> {
    await manager
      .getRepository(PractitionerEntity)
      .createQueryBuilder()
      .update()
      .set({ emailConfirmedAt: () => 'COALESCE("emailConfirmedAt", now())' })
      .where('id = :id', { id })
      .execute();
  }

  async setRole(viewer: Viewer, id: string, role: Role): Promise<PractitionerEntity> {
    if (!isAdmin(viewer)) throw new ForbiddenError('Only admins assign roles.');
    return this.uow.run(async ({ manager, record }) => {
      const repo = manager.getRepository(PractitionerEntity);
      // Lock the admin rows first, in id order: two admins demoting each other at once must not both
      // see the other one left (a plain count would), nor deadlock.
      const admins = await repo.find({
        select: { id: true },
        where: { role: Role.ADMIN },
        order: { id: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const target = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!target) throw new NotFoundError('Practitioner');
      if (!canDecideOnAccount(viewer, target)) throw new ForbiddenError(OUTRANKED_MESSAGE);
      if (target.role === role) return target;
      if (target.role === Role.ADMIN && admins.length <= 1) {
        throw new ConflictError('The last admin cannot lose the ADMIN role.');
      }
      if (role !== Role.MEMBER && target.verification !== VerificationStatus.VERIFIED) {
        throw new ConflictError(`Only verified members can be given the role ${role}.`);
      }
      const from = target.role;
      target.role = role;
      const saved = await repo.save(target);
      await recordModerationDecision(manager, {
        actorId: viewer.id,
        action: ModerationLogAction.ROLE_CHANGED,
        burst: true,
        targetType: TargetType.PRACTITIONER,
        targetId: saved.id,
        details: { from, to: role },
      });
      // Open sockets were authorized for the old role: they are ended (a reconnect gets the new one).
      record('practitioner.role-changed', { practitionerId: saved.id, from, to: role });
      return saved;
    });
  }

  /** The directory: verified practitioners, by display name then id (keyset). */
  /**
   * A page of the directory. `fields`: the Practitioner fields the page's nodes select, read lean (only the
   * columns they need, common/db/lean-columns.ts); omitted, whole rows.
   */
  async directory(
    viewer: Viewer,
    filter: PractitionerFilter | null | undefined,
    page: PageArgs,
    fields?: Iterable<string>,
  ): Promise<Page<PractitionerEntity>> {
    const where: Sql[] = [
      // A literal: the directory's partial index (verified members) serves only a predicate it can see.
      raw(`p."verification" = '${VerificationStatus.VERIFIED}'`),
      sql`p."deletedAt" IS NULL`, // a deleted account's tombstone is nobody to find
      visiblePractitioners(viewer, 'p'),
    ];
    let countryCodes: string[] | null = null;
    if (filter?.countryCodes?.length) countryCodes = filter.countryCodes.map((c) => c.trim().toUpperCase());
    if (filter?.regionCodes?.length) {
      const unknown = filter.regionCodes.filter((r) => !this.catalog.region(r));
      if (unknown.length)
        throw new BadUserInputError(`Unknown M49 region codes: ${unknown.join(', ')}.`, [
          { field: 'filter.regionCodes', message: 'unknown codes' },
        ]);
      const inRegions = [...this.catalog.countries.values()]
        .filter((c) => filter.regionCodes!.some((r) => this.catalog.inRegion(c, r)))
        .map((c) => c.code);
      countryCodes = countryCodes ? countryCodes.filter((c) => inRegions.includes(c)) : inRegions;
    }
    // Compared as the column's type (char(2)): cast to text, the column could not use an index. One country,
    // the common case, is an equality (anyOf): the country's index rows are already in name order.
    if (countryCodes)
      where.push(sql`p."countryCode" ${anyOf(countryCodes.length ? countryCodes : ['--'], 'bpchar')}`);
    if (filter?.professions?.length)
      where.push(sql`p."profession" = ANY(${filter.professions}::profession[])`);
    if (filter?.thematicAreaCodes?.length) {
      this.checkThematicAreas(filter.thematicAreaCodes, 'filter.thematicAreaCodes');
      where.push(sql`p."thematicAreaCodes" && ${filter.thematicAreaCodes}::text[]`);
    }
    if (filter?.languages?.length) where.push(sql`p."languages" && ${filter.languages}::text[]`);
    if (filter?.nameContains) {
      const escaped = filter.nameContains.replace(/[\\%_]/g, (m) => '\\' + m);
      where.push(sql`p."displayName" ILIKE ${`%${escaped}%`}`);
    }
    const w = DIRECTORY_ORDER.window(page);
    // The lean read path: the `sql` tag and the driver's rows (their types are the entity's), without the
    // query builder's statement building and hydration.
    // Prepared: one text per combination of filters present (lists are array parameters).
    // The keyset's cursor reads the name (and the id, always read).
    const shape = leanShape(
      this.dataSource,
      PractitionerEntity,
      PRACTITIONER_COLUMN_NEEDS,
      fields ? [...fields, 'displayName'] : null,
    );
    const rows = await queryPrepared<Record<string, unknown>>(
      this.dataSource,
      sql`SELECT ${raw(shape.sql('p', ''))} FROM practitioner p
          WHERE ${and(where)} ${w.andAfter} ORDER BY ${w.orderBy} ${w.limit}`,
    );
    return w.page(rows.map((row) => shape.from(row, '')!));
  }
}
