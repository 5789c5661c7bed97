import crypto from 'node:crypto';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';
import { toGlobalId } from '../../src/common/relay/global-id';
import { hashPassword } from '../../src/common/auth/password';
import type { Profession } from '../../src/modules/practitioner/practitioner.enums';
import { Language } from '../../src/common/i18n/language';
import type { TestServer } from './server';
import { gql, ok } from './graphql';

export interface TestUser {
  id: string;
  localId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export const AUTH_FIELDS = `accessToken refreshToken expiresAt practitioner { id displayName verification role }`;

export interface PractitionerOptions {
  displayName?: string;
  countryCode?: string;
  profession?: string;
  languages?: string[];
  organization?: string;
  role?: Role;
  verification?: VerificationStatus;
  /** Profile fields written straight to the database (e.g. thematicAreaCodes, contactVisibility, phone). */
  profile?: Partial<PractitionerEntity>;
}

const PASSWORD = 'correct horse battery staple';
/** One argon2 hash per test file: hashing costs ~50 ms, so users are inserted with this precomputed one. */
let passwordHash: Promise<string> | null = null;
let signInSeq = 0;

/**
 * Inserts a practitioner (as `register` would, with the precomputed password hash), sets role/verification
 * directly (as a moderator would), then signs in through the public `login` mutation for the tokens.
 */
export async function createPractitioner(
  server: TestServer,
  options: PractitionerOptions = {},
): Promise<TestUser> {
  const email = `p-${crypto.randomBytes(5).toString('hex')}@example.org`;
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  const { dataSource } = server.database;
  const created = await dataSource.transaction((manager) =>
    server.services.practitioners.createAccount(manager, {
      email,
      passwordHash: hash,
      displayName: options.displayName ?? `Practitioner ${email.slice(2, 8)}`,
      countryCode: options.countryCode ?? 'NE',
      profession: (options.profession ?? 'PROSECUTOR') as Profession,
      // GraphQL enum names ('FR') to stored values ('fr'), as the API would.
      languages: (options.languages ?? ['FR']).map((name) => Language[name as keyof typeof Language]),
      organization: options.organization,
    }),
  );
  const localId = created.id;
  // Addresses are confirmed, as after the link of the registration message (email-confirmation tests unset it).
  const changes: Partial<PractitionerEntity> = { emailConfirmedAt: new Date(), ...options.profile };
  changes.verification = options.verification ?? VerificationStatus.VERIFIED;
  if (options.role) changes.role = options.role;
  await dataSource.getRepository(PractitionerEntity).update({ id: localId }, changes);
  // Each sign-in from its own documentation address (honoured only where a test sets TRUST_PROXY), so that
  // making users does not spend the per-IP sign-in budget a rate-limit test is measuring.
  const res = await gql(
    server,
    `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { email, password: PASSWORD } },
    { headers: { 'x-forwarded-for': `2001:db8:fac::${(++signInSeq).toString(16)}` } },
  );
  const payload = ok(res).login;
  return {
    id: toGlobalId('Practitioner', localId),
    localId,
    email,
    password: PASSWORD,
    accessToken: payload.accessToken,
    refreshToken: payload.refreshToken,
  };
}

export const createModerator = (server: TestServer, o: PractitionerOptions = {}) =>
  createPractitioner(server, { ...o, role: Role.MODERATOR });
export const createAdmin = (server: TestServer, o: PractitionerOptions = {}) =>
  createPractitioner(server, { ...o, role: Role.ADMIN });
export const createPending = (server: TestServer, o: PractitionerOptions = {}) =>
  createPractitioner(server, { ...o, verification: VerificationStatus.PENDING });
