import crypto from 'node:crypto';
import { Role, VerificationStatus } from '../../src/common/auth/role';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';
import { fromGlobalId } from '../../src/common/relay/global-id';
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

/** Registers a practitioner through the API, then sets role/verification directly (as a moderator would). */
export async function createPractitioner(
  server: TestServer,
  options: PractitionerOptions = {},
): Promise<TestUser> {
  const email = `p-${crypto.randomBytes(5).toString('hex')}@example.org`;
  const password = 'correct horse battery staple';
  const res = await gql(
    server,
    `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    {
      input: {
        email,
        password,
        displayName: options.displayName ?? `Practitioner ${email.slice(2, 8)}`,
        countryCode: options.countryCode ?? 'NE',
        profession: options.profession ?? 'PROSECUTOR',
        languages: options.languages ?? ['FR'],
        organization: options.organization,
      },
    },
  );
  const payload = ok(res).register;
  const localId = fromGlobalId(payload.practitioner.id).id;
  const changes: Partial<PractitionerEntity> = { ...options.profile };
  changes.verification = options.verification ?? VerificationStatus.VERIFIED;
  if (options.role) changes.role = options.role;
  await server.database.dataSource.getRepository(PractitionerEntity).update({ id: localId }, changes);
  return {
    id: payload.practitioner.id,
    localId,
    email,
    password,
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
