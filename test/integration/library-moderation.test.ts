import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { fileReport, reportRaw, resolveRaw } from '../helpers/moderation';
import { Role } from '../../src/common/auth/role';

let storageDir: string;
let server: TestServer;
let expert: TestUser;
let member: TestUser;
let other: TestUser;
let moderator: TestUser;
let pending: TestUser;
let owner: TestUser;
let groupMember: TestUser;
let group: string;
beforeAll(async () => {
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-files-'));
  server = await startTestServer({ STORAGE_DIR: storageDir });
  [expert, member, other, moderator, pending, owner, groupMember] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Library Expert' }),
    createPractitioner(server, { displayName: 'Library Member' }),
    createPractitioner(server, { displayName: 'Library Other' }),
    createModerator(server),
    createPending(server),
    createPractitioner(server, { displayName: 'Library Group Owner' }),
    createPractitioner(server, { displayName: 'Library Group Member' }),
  ]);
  group = await createWorkingGroup(server, owner, 'OPEN');
  await addMember(server, group, groupMember);
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

type Res = GraphQLResponse<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
const as = (user: TestUser | null, doc: string, vars: Record<string, unknown> = {}): Promise<Res> =>
  gql(server, doc, vars, { token: user?.accessToken ?? null });

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let seq = 0;
async function publication(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await as(
    expert,
    `mutation($i: CreatePublicationInput!) { createPublication(input: $i) { publication { id } } }`,
    {
      i: {
        kind: 'MODEL_LAW',
        title: `Model law on extradition ${++seq}`,
        language: 'EN',
        year: 2004,
        ...overrides,
      },
    },
  );
  return ok(res).createPublication.publication.id as string;
}

/** Adds a PDF version (multipart) and returns its id and download path. */
async function pdfVersion(publicationId: string): Promise<{ id: string; downloadPath: string }> {
  const query = `mutation($i: AddPublicationVersionInput!) { addPublicationVersion(input: $i) { version { id downloadPath } } }`;
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({
      query,
      variables: { i: { publicationId, language: 'en', title: 'Model law', file: null } },
    }),
  );
  form.append('map', JSON.stringify({ 0: ['variables.i.file'] }));
  form.append('0', new Blob([new Uint8Array(PDF)]), 'law.pdf');
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${expert.accessToken}`, 'apollo-require-preflight': 'true' },
    body: form,
  });
  return ok((await res.json()) as Res).addPublicationVersion.version;
}

const download = async (user: TestUser | null, p: string) =>
  (
    await fetch(new URL(server.url).origin + p, {
      headers: user ? { authorization: `Bearer ${user.accessToken}` } : {},
    })
  ).status;

const READ_PUBLICATION = `query($id: ID!, $v: ID!) { publication(id: $id) { id } node(id: $id) { id } version: node(id: $v) { id } }`;
const listed = async (user: TestUser, id: string) =>
  ok(await as(user, `{ publications(first: 100) { edges { node { id } } } }`)).publications.edges.some(
    (e: { node: { id: string } }) => e.node.id === id,
  );

const QUEUE = `{ moderationQueue(first: 100) { edges { node { kind subject { id } } } } }`;
const inQueue = async (user: TestUser, id: string) =>
  ok(await as(user, QUEUE)).moderationQueue.edges.some(
    (e: { node: { kind: string; subject: { id: string } | null } }) =>
      e.node.kind === 'REPORT' && e.node.subject?.id === id,
  );

describe('reporting and hiding publications', () => {
  it('a reported publication is hidden by a moderator: its files are no longer downloadable; restored, they are', async () => {
    const id = await publication();
    const version = await pdfVersion(id);
    expect(await download(member, version.downloadPath)).toBe(200);

    const report = await fileReport(server, member, id, 'INACCURATE', 'Superseded by the 2021 edition.');
    expect(await inQueue(moderator, id)).toBe(true);
    // A member cannot decide on it; an unverified account cannot report it.
    expect(codes(await resolveRaw(server, other, report, 'HIDE_CONTENT'))).toEqual(['FORBIDDEN']);
    expect(codes(await reportRaw(server, pending, id, 'SPAM'))).toEqual(['FORBIDDEN']);

    ok(await resolveRaw(server, moderator, report, 'HIDE_CONTENT'));
    // Members: not on any path, the file is a 404.
    expect(ok(await as(member, READ_PUBLICATION, { id, v: version.id }))).toEqual({
      publication: null,
      node: null,
      version: null,
    });
    expect(await listed(member, id)).toBe(false);
    expect(await download(member, version.downloadPath)).toBe(404);
    expect(await download(null, version.downloadPath)).toBe(404);
    expect(codes(await reportRaw(server, other, id, 'SPAM'))).toEqual(['NOT_FOUND']);
    // The author and moderators still see it.
    expect(ok(await as(expert, READ_PUBLICATION, { id, v: version.id })).publication).toEqual({ id });
    expect(await download(expert, version.downloadPath)).toBe(200);
    expect(await download(moderator, version.downloadPath)).toBe(200);

    const again = await fileReport(
      server,
      await createModerator(server),
      id,
      'OTHER',
      'The 2021 edition is not out yet.',
    );
    ok(await resolveRaw(server, moderator, again, 'RESTORE_CONTENT', 'Restored.'));
    expect(ok(await as(member, READ_PUBLICATION, { id, v: version.id })).publication).toEqual({ id });
    expect(await listed(member, id)).toBe(true);
    expect(await download(member, version.downloadPath)).toBe(200);
  });

  it('the moderators of a NETWORKS publication’s networks decide on its reports; its other members do not', async () => {
    const id = await publication({ visibility: 'NETWORKS', networkIds: [group] });
    const version = await pdfVersion(id);
    // Outside the network it does not exist.
    expect(codes(await reportRaw(server, member, id, 'SPAM'))).toEqual(['NOT_FOUND']);
    const report = await fileReport(server, groupMember, id, 'INACCURATE', 'Wrong article numbers.');
    expect(await inQueue(owner, id)).toBe(true);
    expect(await inQueue(groupMember, id).catch(() => false)).toBe(false);
    expect(codes(await resolveRaw(server, groupMember, report, 'HIDE_CONTENT'))).toEqual(['FORBIDDEN']);
    ok(await resolveRaw(server, owner, report, 'HIDE_CONTENT'));
    expect(ok(await as(groupMember, READ_PUBLICATION, { id, v: version.id })).publication).toBeNull();
    expect(await download(groupMember, version.downloadPath)).toBe(404);
    // Its reviewer still sees it (to restore it) and downloads it.
    expect(ok(await as(owner, READ_PUBLICATION, { id, v: version.id })).publication).toEqual({ id });
    expect(await download(owner, version.downloadPath)).toBe(200);
  });
});

describe('reporting and hiding courses', () => {
  const mutate = (user: TestUser, name: string, input: Record<string, unknown>, select: string) => {
    const type = name[0].toUpperCase() + name.slice(1);
    return as(user, `mutation($i: ${type}Input!) { ${name}(input: $i) { ${select} } }`, { i: input });
  };
  const READ_COURSE = `query($id: ID!) { course(id: $id) { id } node(id: $id) { id } }`;
  const coursesListed = async (user: TestUser, id: string) =>
    ok(await as(user, `{ courses(first: 100) { edges { node { id } } } }`)).courses.edges.some(
      (e: { node: { id: string } }) => e.node.id === id,
    );

  it('a hidden course is neither listed nor enrollable; restored, it is both again', async () => {
    const id = ok(
      await mutate(
        expert,
        'createCourse',
        {
          title: `Mutual legal assistance ${++seq}`,
          description: 'Module 3.',
          language: 'EN',
          languages: ['EN'],
        },
        'course { id }',
      ),
    ).createCourse.course.id as string;
    ok(await mutate(expert, 'publishCourse', { id }, 'course { id }'));
    expect(await coursesListed(member, id)).toBe(true);

    const report = await fileReport(server, member, id, 'SPAM', 'Advertises a paid seminar.');
    expect(await inQueue(moderator, id)).toBe(true);
    expect(codes(await resolveRaw(server, other, report, 'HIDE_CONTENT'))).toEqual(['FORBIDDEN']);
    ok(await resolveRaw(server, moderator, report, 'HIDE_CONTENT'));

    expect(await coursesListed(member, id)).toBe(false);
    expect(await coursesListed(other, id)).toBe(false);
    expect(ok(await as(other, READ_COURSE, { id }))).toEqual({ course: null, node: null });
    expect(codes(await mutate(other, 'enrollInCourse', { courseId: id }, 'enrollment { id }'))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await reportRaw(server, other, id, 'SPAM'))).toEqual(['NOT_FOUND']);
    // Its facilitator and moderators still see it.
    expect(ok(await as(expert, READ_COURSE, { id })).course).toEqual({ id });
    expect(ok(await as(moderator, READ_COURSE, { id })).course).toEqual({ id });

    const again = await fileReport(
      server,
      await createModerator(server),
      id,
      'OTHER',
      'The seminar is free.',
    );
    ok(await resolveRaw(server, moderator, again, 'RESTORE_CONTENT', 'Restored.'));
    expect(await coursesListed(other, id)).toBe(true);
    ok(await mutate(other, 'enrollInCourse', { courseId: id }, 'enrollment { id }'));
  });
});
