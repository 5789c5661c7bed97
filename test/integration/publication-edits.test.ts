import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { Role } from '../../src/common/auth/role';
import { fromGlobalId } from '../../src/common/relay/global-id';
import { query, sql } from '../../src/common/db/sql';

let storageDir: string;
let server: TestServer;
let expert: TestUser;
let member: TestUser;
let moderator: TestUser;
let pending: TestUser;
let owner: TestUser;
let groupMember: TestUser;
let group: string;
beforeAll(async () => {
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-files-'));
  server = await startTestServer({ STORAGE_DIR: storageDir, MAX_UPLOAD_BYTES: '4096' });
  [expert, member, moderator, pending, owner, groupMember] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Editing Expert' }),
    createPractitioner(server, { displayName: 'Editing Member' }),
    createModerator(server),
    createPending(server),
    createPractitioner(server, { displayName: 'Group Owner' }),
    createPractitioner(server, { displayName: 'Group Member' }),
  ]);
  group = await createWorkingGroup(server, owner, 'OPEN');
  await addMember(server, group, groupMember);
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

const origin = () => new URL(server.url).origin;
const stored = () => fs.readdirSync(storageDir);
/** The files left once the outbox has run (released files are removed by its storage consumer). */
const storedAfterOutbox = async () => {
  await server.services.outbox.drain();
  return stored();
};

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const DOCX = Buffer.from(
  zipSync({
    '[Content_Types].xml': strToU8(
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'word/document.xml': strToU8('<w:document/>'),
  }),
);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

type Res = GraphQLResponse<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
const as = (user: TestUser | null, doc: string, vars: Record<string, unknown>): Promise<Res> =>
  gql(server, doc, vars, { token: user?.accessToken ?? null });

let seq = 0;
async function createPublication(user: TestUser = expert, overrides: Record<string, unknown> = {}) {
  const res = await as(
    user,
    `mutation($i: CreatePublicationInput!) { createPublication(input: $i) { publication { id } } }`,
    {
      i: {
        kind: 'HANDBOOK',
        title: `Digest of extradition cases ${++seq}`,
        language: 'EN',
        year: 2015,
        isbn: '978-0-306-40615-7',
        symbol: 'V.15-01234',
        ...overrides,
      },
    },
  );
  return ok(res).createPublication.publication.id as string;
}

const VERSION = 'id language title isOfficial fileContentType fileSize externalUrl downloadPath';

/** A GraphQL multipart request with one file bound to `variables.i.file`. */
async function multipart(
  user: TestUser,
  doc: string,
  input: Record<string, unknown>,
  bytes: Buffer,
): Promise<Res> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: doc, variables: { i: { ...input, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.i.file'] }));
  form.append('0', new Blob([new Uint8Array(bytes)]), 'file.bin');
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.accessToken}`, 'apollo-require-preflight': 'true' },
    body: form,
  });
  return (await res.json()) as Res;
}

const ADD = `mutation($i: AddPublicationVersionInput!) { addPublicationVersion(input: $i) { version { ${VERSION} } } }`;
const UPDATE = `mutation($i: UpdatePublicationInput!) {
  updatePublication(input: $i) { publication { id title summary kind year isbn symbol countries { code } } } }`;
const UPDATE_VERSION = `mutation($i: UpdatePublicationVersionInput!) {
  updatePublicationVersion(input: $i) { version { ${VERSION} } publication { id } } }`;
const REMOVE = `mutation($i: RemovePublicationVersionInput!) {
  removePublicationVersion(input: $i) { removedVersionId publication { id versions { id } } } }`;
const DELETE = `mutation($i: DeletePublicationInput!) { deletePublication(input: $i) { deletedPublicationId } }`;
const READ = `query($id: ID!) { publication(id: $id) { id title versions { id } } node(id: $id) { id } }`;

async function addPdf(user: TestUser, publicationId: string, language = 'en') {
  return ok(await multipart(user, ADD, { publicationId, language, title: 'Digest', isOfficial: false }, PDF))
    .addPublicationVersion.version;
}

const download = (user: TestUser | null, p: string) =>
  fetch(origin() + p, { headers: user ? { authorization: `Bearer ${user.accessToken}` } : {} });

describe('editing publications', () => {
  it('updatePublication: the author and moderators change the metadata; others are refused', async () => {
    const id = await createPublication();
    const updated = ok(
      await as(expert, UPDATE, {
        i: {
          publicationId: id,
          title: '  Digest, second edition ',
          kind: 'DIGEST',
          year: 2021,
          isbn: '',
          countryCodes: ['ne', 'ML'],
        },
      }),
    ).updatePublication.publication;
    expect(updated).toMatchObject({
      title: 'Digest, second edition',
      kind: 'DIGEST',
      year: 2021,
      isbn: null,
      symbol: 'V.15-01234',
      countries: [{ code: 'NE' }, { code: 'ML' }],
    });
    ok(await as(moderator, UPDATE, { i: { publicationId: id, summary: 'Edited by a moderator.' } }));
    expect(ok(await as(member, READ, { id })).publication.title).toBe('Digest, second edition');

    expect(codes(await as(member, UPDATE, { i: { publicationId: id, title: 'Mine' } }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await as(pending, UPDATE, { i: { publicationId: id, title: 'Mine' } }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await as(null, UPDATE, { i: { publicationId: id, title: 'Mine' } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(codes(await as(expert, UPDATE, { i: { publicationId: id, title: '   ' } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await as(expert, UPDATE, { i: { publicationId: id, isbn: '978-0-306-40615-8' } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await as(expert, UPDATE, { i: { publicationId: id, countryCodes: ['XX'] } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await as(expert, UPDATE, { i: { publicationId: id, year: 1800 } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(ok(await as(member, READ, { id })).publication.title).toBe('Digest, second edition');
  });

  it('updates the search index: the new title is found, the old one no longer', async () => {
    const word = `w${Math.random().toString(36).slice(2, 9)}`;
    const other = `w${Math.random().toString(36).slice(2, 9)}`;
    const id = await createPublication(expert, { title: `Handbook ${word}` });
    const SEARCH = `query($q: String!) { search(filter: { query: $q, types: [PUBLICATION] }, first: 5) { edges { node { ... on Node { id } } } } }`;
    const hits = async (q: string) =>
      ok(await as(member, SEARCH, { q })).search.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await hits(word)).toEqual([id]);
    ok(await as(expert, UPDATE, { i: { publicationId: id, title: `Handbook ${other}` } }));
    expect(await hits(other)).toEqual([id]);
    expect(await hits(word)).toEqual([]);
  });

  it('a NETWORKS publication is edited by its networks’ moderators; members of them are refused, outsiders do not see it', async () => {
    const id = await createPublication(expert, { visibility: 'NETWORKS', networkIds: [group] });
    ok(await as(owner, UPDATE, { i: { publicationId: id, title: 'Edited by the group owner' } }));
    expect(codes(await as(groupMember, UPDATE, { i: { publicationId: id, title: 'x' } }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await as(member, UPDATE, { i: { publicationId: id, title: 'x' } }))).toEqual(['NOT_FOUND']);
    expect(codes(await as(member, DELETE, { i: { publicationId: id } }))).toEqual(['NOT_FOUND']);
  });

  it('updatePublicationVersion replaces the file: the new one is served, the old one leaves the storage', async () => {
    const id = await createPublication();
    const version = await addPdf(expert, id, 'fr');
    const oldKey = fromGlobalId(version.id).id;
    expect(stored()).toContain(oldKey);
    const replaced = ok(
      await multipart(
        expert,
        UPDATE_VERSION,
        { versionId: version.id, title: 'Recueil', isOfficial: true },
        DOCX,
      ),
    ).updatePublicationVersion.version;
    expect(replaced).toMatchObject({
      id: version.id,
      title: 'Recueil',
      isOfficial: true,
      fileContentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileSize: DOCX.length,
      downloadPath: version.downloadPath,
    });
    expect(await storedAfterOutbox()).not.toContain(oldKey);
    const got = await download(member, version.downloadPath);
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(DOCX)).toBe(true);

    // A file whose content is not accepted: refused, nothing new stored, the version unchanged.
    const before = stored().sort();
    const refused = await multipart(expert, UPDATE_VERSION, { versionId: version.id }, PNG);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(stored().sort()).toEqual(before);
    expect((await download(member, version.downloadPath)).status).toBe(200);
    // Another member may not replace it (the upload is discarded).
    expect(codes(await multipart(member, UPDATE_VERSION, { versionId: version.id }, PDF))).toEqual([
      'FORBIDDEN',
    ]);
    expect(stored().sort()).toEqual(before);

    // A link instead of the file: the file leaves the storage, nothing is downloadable.
    const linked = ok(
      await as(expert, UPDATE_VERSION, {
        i: { versionId: version.id, externalUrl: 'https://www.unodc.org/digest' },
      }),
    ).updatePublicationVersion.version;
    expect(linked).toMatchObject({ fileContentType: null, fileSize: null, downloadPath: null });
    expect((await storedAfterOutbox()).length).toBe(before.length - 1);
    expect((await download(expert, version.downloadPath)).status).toBe(404);
  });

  it('updatePublicationVersion refuses a bad language, an official local version, http links and both sources', async () => {
    const id = await createPublication();
    const version = await addPdf(expert, id);
    const refuse = (i: Record<string, unknown>) =>
      as(expert, UPDATE_VERSION, { i: { versionId: version.id, ...i } });
    expect(codes(await refuse({ language: 'not a tag' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await refuse({ language: 'ha', isOfficial: true }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await refuse({ externalUrl: 'http://example.org/x' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await refuse({ title: ' ' }))).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await multipart(
          expert,
          UPDATE_VERSION,
          { versionId: version.id, externalUrl: 'https://example.org' },
          PDF,
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await as(member, UPDATE_VERSION, { i: { versionId: version.id, title: 'x' } }))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await as(pending, UPDATE_VERSION, { i: { versionId: version.id, title: 'x' } }))).toEqual([
      'FORBIDDEN',
    ]);
    const local = ok(await refuse({ language: 'ha-NG', title: 'Littafi' })).updatePublicationVersion.version;
    expect(local).toMatchObject({ language: 'ha-NG', title: 'Littafi', isOfficial: false });
  });

  it('removePublicationVersion removes the row and its file; others are refused', async () => {
    const id = await createPublication(expert, { visibility: 'NETWORKS', networkIds: [group] });
    const version = await addPdf(expert, id);
    const key = fromGlobalId(version.id).id;
    expect(codes(await as(groupMember, REMOVE, { i: { versionId: version.id } }))).toEqual(['FORBIDDEN']);
    expect(codes(await as(member, REMOVE, { i: { versionId: version.id } }))).toEqual(['NOT_FOUND']);
    expect(codes(await as(pending, REMOVE, { i: { versionId: version.id } }))).toEqual(['FORBIDDEN']);
    expect(stored()).toContain(key);
    const removed = ok(await as(owner, REMOVE, { i: { versionId: version.id } })).removePublicationVersion;
    expect(removed).toEqual({ removedVersionId: version.id, publication: { id, versions: [] } });
    expect(await storedAfterOutbox()).not.toContain(key);
    expect((await download(expert, version.downloadPath)).status).toBe(404);
    expect(codes(await as(expert, REMOVE, { i: { versionId: version.id } }))).toEqual(['NOT_FOUND']);
  });

  it('deletePublication deletes it for good with its versions and files; others are refused', async () => {
    const id = await createPublication();
    const a = await addPdf(expert, id, 'en');
    const b = await addPdf(expert, id, 'fr');
    const keys = [a.id, b.id].map((g) => fromGlobalId(g).id);
    expect(codes(await as(member, DELETE, { i: { publicationId: id } }))).toEqual(['FORBIDDEN']);
    expect(codes(await as(pending, DELETE, { i: { publicationId: id } }))).toEqual(['FORBIDDEN']);
    expect(codes(await as(null, DELETE, { i: { publicationId: id } }))).toEqual(['UNAUTHENTICATED']);
    expect(keys.every((k) => stored().includes(k))).toBe(true);
    expect(ok(await as(expert, DELETE, { i: { publicationId: id } })).deletePublication).toEqual({
      deletedPublicationId: id,
    });
    const left = await storedAfterOutbox();
    expect(keys.some((k) => left.includes(k))).toBe(false);
    expect(ok(await as(expert, READ, { id }))).toEqual({ publication: null, node: null });
    expect((await download(expert, a.downloadPath)).status).toBe(404);
    const rows = await query<{ n: number }>(
      server.database.dataSource,
      sql`SELECT count(*)::int AS n FROM publication_version WHERE "publicationId" = ${fromGlobalId(id).id}`,
    );
    expect(rows[0].n).toBe(0);
    expect(codes(await as(expert, DELETE, { i: { publicationId: id } }))).toEqual(['NOT_FOUND']);
    // A moderator deletes another's publication.
    const other = await createPublication();
    ok(await as(moderator, DELETE, { i: { publicationId: other } }));
    expect(ok(await as(expert, READ, { id: other })).publication).toBeNull();
  });
});
