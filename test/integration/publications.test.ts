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

const MAX = 4096;
let storageDir: string;
let server: TestServer;
let expert: TestUser;
let member: TestUser;
let moderator: TestUser;
let pending: TestUser;
beforeAll(async () => {
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-files-'));
  server = await startTestServer({ STORAGE_DIR: storageDir, MAX_UPLOAD_BYTES: String(MAX) });
  [expert, member, moderator, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Expert' }),
    createPractitioner(server, { displayName: 'Member' }),
    createModerator(server),
    createPending(server),
  ]);
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

const origin = () => new URL(server.url).origin;
const storedFiles = () => fs.readdirSync(storageDir).sort();

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
const PLAIN_ZIP = Buffer.from(zipSync({ 'notes.txt': strToU8('hello') }));

const PUB_FIELDS = `id kind title symbol isbn year visibility language countries { code } thematicAreas { code }
  networks { id } author { id } versions { id language title isOfficial fileContentType fileSize externalUrl downloadPath }`;

let seq = 0;
async function createPublication(user: TestUser, overrides: Record<string, unknown> = {}) {
  return gql(
    server,
    `mutation($i: CreatePublicationInput!) { createPublication(input: $i) { publication { ${PUB_FIELDS} } } }`,
    {
      i: {
        kind: 'HANDBOOK',
        title: `Handbook on international cooperation ${++seq}`,
        summary: 'Extradition and mutual legal assistance.',
        language: 'EN',
        year: 2012,
        symbol: 'V.11-85678',
        isbn: '978-0-306-40615-7',
        thematicAreaCodes: [],
        countryCodes: ['NE'],
        ...overrides,
      },
    },
    { token: user.accessToken },
  );
}

async function publicationId(user: TestUser = expert, overrides: Record<string, unknown> = {}) {
  return ok(await createPublication(user, overrides)).createPublication.publication.id as string;
}

const ADD = `mutation($i: AddPublicationVersionInput!) {
  addPublicationVersion(input: $i) { version { id language title isOfficial fileContentType fileSize downloadPath externalUrl }
  publication { id } } }`;

/** addPublicationVersion as a GraphQL multipart request (with Apollo's CSRF preflight header unless told). */
async function upload(
  user: TestUser | null,
  input: Record<string, unknown>,
  file: { bytes: Buffer; name: string; type: string },
  headers: Record<string, string> = { 'apollo-require-preflight': 'true' },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<GraphQLResponse<Record<string, any>> & { httpStatus: number }> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: ADD, variables: { i: { ...input, file: null } } }));
  form.append('map', JSON.stringify({ 0: ['variables.i.file'] }));
  form.append('0', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { ...(user ? { authorization: `Bearer ${user.accessToken}` } : {}), ...headers },
    body: form,
  });
  const text = await res.text();
  let body: { data?: Record<string, any>; errors?: any[] } = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text }] };
  }
  return {
    status: res.status,
    httpStatus: res.status,
    data: body.data,
    errors: body.errors,
    headers: res.headers,
  };
}

const pdfFile = { bytes: PDF, name: 'handbook.pdf', type: 'application/pdf' };

async function download(user: TestUser | null, downloadPath: string) {
  return fetch(origin() + downloadPath, {
    headers: user ? { authorization: `Bearer ${user.accessToken}` } : {},
  });
}

describe('publications', () => {
  it('experts and moderators create publications; members, pending and anonymous callers cannot', async () => {
    const created = ok(await createPublication(expert)).createPublication.publication;
    expect(created).toMatchObject({
      kind: 'HANDBOOK',
      isbn: '9780306406157',
      year: 2012,
      visibility: 'COMMUNITY',
      language: 'EN',
      countries: [{ code: 'NE' }],
      versions: [],
      author: { id: expect.any(String) },
    });
    ok(await createPublication(moderator, { kind: 'MODEL_LAW' }));
    expect(codes(await createPublication(member))).toEqual(['FORBIDDEN']);
    expect(codes(await createPublication(pending))).toEqual(['FORBIDDEN']);
    const anon = await gql(
      server,
      `mutation($i: CreatePublicationInput!) { createPublication(input: $i) { publication { id } } }`,
      { i: { kind: 'REPORT', title: 'x', language: 'EN', year: 2020 } },
    );
    expect(codes(anon)).toEqual(['UNAUTHENTICATED']);
  });

  it('checks the ISBN check digit (ISBN-10 converted to ISBN-13), the year and the networks', async () => {
    expect(codes(await createPublication(expert, { isbn: '978-0-306-40615-8' }))).toEqual(['BAD_USER_INPUT']);
    const ten = ok(await createPublication(expert, { isbn: '0-19-853453-1' })).createPublication.publication;
    expect(ten.isbn).toBe('9780198534532');
    expect(codes(await createPublication(expert, { isbn: '0-19-853453-2' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await createPublication(expert, { year: 1800 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await createPublication(expert, { visibility: 'NETWORKS', networkIds: [] }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('uploads a PDF through a multipart request; the author downloads it with safe headers', async () => {
    const id = await publicationId(expert, { title: 'Manuel' });
    const res = await upload(
      expert,
      { publicationId: id, language: 'fr', title: 'Manuel sur l’extradition', isOfficial: true },
      pdfFile,
    );
    const { version, publication } = ok(res).addPublicationVersion;
    expect(publication.id).toBe(id);
    expect(version).toMatchObject({
      language: 'fr',
      isOfficial: true,
      fileContentType: 'application/pdf',
      fileSize: PDF.length,
      externalUrl: null,
    });
    const localId = fromGlobalId(version.id).id;
    expect(version.downloadPath).toBe(`/files/${localId}`);
    expect(storedFiles()).toContain(localId);
    const got = await download(expert, version.downloadPath);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-disposition')).toBe(
      `attachment; filename="Manuel_sur_l_extradition.pdf"; filename*=UTF-8''Manuel%20sur%20l%E2%80%99extradition.pdf`,
    );
    expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);
    // Another member sees a COMMUNITY publication and downloads its file.
    expect((await download(member, version.downloadPath)).status).toBe(200);
  });

  it('accepts a DOCX checked on its entries, an Arabic title and a local language; links are https only', async () => {
    const id = await publicationId();
    const docx = ok(
      await upload(
        expert,
        { publicationId: id, language: 'ar', title: 'دليل التعاون الدولي', isOfficial: true },
        { bytes: DOCX, name: 'guide.docx', type: 'application/octet-stream' },
      ),
    ).addPublicationVersion.version;
    expect(docx.fileContentType).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const got = await download(member, docx.downloadPath);
    expect(got.headers.get('content-disposition')).toMatch(
      /^attachment; filename="file\.docx"; filename\*=UTF-8''%D8%AF%D9%84%D9%8A%D9%84.*\.docx$/,
    );
    const link = await gql(
      server,
      ADD,
      {
        i: { publicationId: id, language: 'ha', title: 'Littafi', externalUrl: 'https://example.org/ha.pdf' },
      },
      { token: expert.accessToken },
    );
    expect(ok(link).addPublicationVersion.version).toMatchObject({
      language: 'ha',
      isOfficial: false,
      externalUrl: 'https://example.org/ha.pdf',
      downloadPath: null,
    });
    const refusals: Record<string, unknown>[] = [
      { language: 'ha', title: 'x', externalUrl: 'http://example.org/ha.pdf' },
      { language: 'ha', title: 'x', externalUrl: 'https://example.org/ha.pdf', isOfficial: true },
      { language: 'not a tag', title: 'x', externalUrl: 'https://example.org/ha.pdf' },
      { language: 'fr', title: 'x' },
    ];
    for (const r of refusals)
      expect(
        codes(await gql(server, ADD, { i: { publicationId: id, ...r } }, { token: expert.accessToken })),
      ).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses files too large or of another type whatever their name, keeping no file and no row', async () => {
    const id = await publicationId();
    const before = storedFiles();
    const big = Buffer.concat([PDF, Buffer.alloc(MAX, 0x20)]);
    const cases = [
      { bytes: big, name: 'big.pdf', type: 'application/pdf' },
      { bytes: PNG, name: 'report.pdf', type: 'application/pdf' },
      {
        bytes: PLAIN_ZIP,
        name: 'report.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      { bytes: Buffer.from('plain text'), name: 'notes.pdf', type: 'application/pdf' },
    ];
    for (const file of cases) {
      const res = await upload(expert, { publicationId: id, language: 'en', title: 'English' }, file);
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].message).toMatch(file === cases[0] ? /too large/ : /not an accepted type/);
    }
    expect(storedFiles()).toEqual(before);
    const q = `query($id: ID!) { publication(id: $id) { versions { id } } }`;
    expect(ok(await gql(server, q, { id }, { token: expert.accessToken })).publication.versions).toEqual([]);
  });

  it('idempotency keys: a retried create or upload returns the first record and stores nothing more', async () => {
    const key = `pub-${Date.now()}`;
    const same = { idempotencyKey: key, title: 'Digest of terrorism cases' };
    const a = await publicationId(expert, same);
    expect(await publicationId(expert, same)).toBe(a);
    expect(codes(await createPublication(expert, { ...same, year: 2013 }))).toEqual(['CONFLICT']);
    const input = { publicationId: a, language: 'es', title: 'Manual', idempotencyKey: `${key}-v` };
    const first = ok(await upload(expert, input, pdfFile)).addPublicationVersion.version;
    const files = storedFiles();
    const again = ok(await upload(expert, input, pdfFile)).addPublicationVersion.version;
    expect(again.id).toBe(first.id);
    expect(storedFiles()).toEqual(files);
    const q = `query($id: ID!) { publication(id: $id) { versions { id } } }`;
    expect(ok(await gql(server, q, { id: a }, { token: expert.accessToken })).publication.versions).toEqual([
      { id: first.id },
    ]);
  });

  it('uploads without the CSRF preflight header are refused', async () => {
    const id = await publicationId();
    const res = await upload(expert, { publicationId: id, language: 'en', title: 'English' }, pdfFile, {});
    expect(res.httpStatus).toBe(400);
    expect(JSON.stringify(res.errors)).toMatch(/preflight/i);
  });

  it('refuses uploads from anonymous, pending, non-authors and outsiders of a network publication', async () => {
    const owner = await createPractitioner(server);
    const group = await createWorkingGroup(server, owner);
    const insider = await createPractitioner(server);
    await addMember(server, group, insider, owner);
    const outsider = await createPractitioner(server);
    const networkPub = await publicationId(owner, { visibility: 'NETWORKS', networkIds: [group] });
    const input = { publicationId: networkPub, language: 'en', title: 'English' };
    const before = storedFiles();
    expect(codes(await upload(null, input, pdfFile))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await upload(pending, input, pdfFile))).toEqual(['FORBIDDEN']);
    expect(codes(await upload(outsider, input, pdfFile))).toEqual(['NOT_FOUND']);
    expect(codes(await upload(insider, input, pdfFile))).toEqual(['FORBIDDEN']);
    expect(storedFiles()).toEqual(before);
    // The network owner created it (allowed for their own network) and adds versions.
    const version = ok(await upload(owner, input, pdfFile)).addPublicationVersion.version;
    // Downloads: the same policy as every other path.
    expect((await download(owner, version.downloadPath)).status).toBe(200);
    expect((await download(insider, version.downloadPath)).status).toBe(200);
    expect((await download(moderator, version.downloadPath)).status).toBe(200);
    for (const who of [outsider, pending, null])
      expect((await download(who, version.downloadPath)).status).toBe(404);
    const badToken = await fetch(origin() + version.downloadPath, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(badToken.status).toBe(404);
    expect((await download(owner, '/files/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await download(owner, '/files/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);

    // Node and nested paths: the outsider reads nothing of it.
    const q = `query($p: ID!, $v: ID!) { publication(id: $p) { id versions { id } }
      p: node(id: $p) { id } v: node(id: $v) { id ... on PublicationVersion { publication { id } } } }`;
    const vars = { p: networkPub, v: version.id };
    const seen = ok(await gql(server, q, vars, { token: insider.accessToken }));
    expect(seen).toEqual({
      publication: { id: networkPub, versions: [{ id: version.id }] },
      p: { id: networkPub },
      v: { id: version.id, publication: { id: networkPub } },
    });
    expect(ok(await gql(server, q, vars, { token: outsider.accessToken }))).toEqual({
      publication: null,
      p: null,
      v: null,
    });
    expect(codes(await gql(server, q, vars, { token: pending.accessToken }))).toEqual(['FORBIDDEN']);
    const list = `query { publications(first: 50) { edges { node { id } } } }`;
    const ids = (u: TestUser) =>
      gql(server, list, {}, { token: u.accessToken }).then((r) =>
        ok(r).publications.edges.map((e: { node: { id: string } }) => e.node.id),
      );
    expect(await ids(insider)).toContain(networkPub);
    expect(await ids(outsider)).not.toContain(networkPub);
  });

  it('publications: filters by kind, language, thematic area and year; statements independent of page size', async () => {
    const viewer = await createPractitioner(server);
    const digest = await publicationId(expert, {
      kind: 'DIGEST',
      year: 2031,
      thematicAreaCodes: ['CBRN_TERRORISM'],
    });
    const report = await publicationId(expert, { kind: 'REPORT', year: 2031 });
    const old = await publicationId(expert, { kind: 'REPORT', year: 2030 });
    await gql(
      server,
      ADD,
      {
        i: {
          publicationId: digest,
          language: 'zh-hans',
          title: '汇编',
          externalUrl: 'https://example.org/zh.pdf',
        },
      },
      { token: expert.accessToken },
    );
    await gql(
      server,
      ADD,
      {
        i: {
          publicationId: report,
          language: 'fr-CA',
          title: 'Rapport',
          externalUrl: 'https://example.org/fr.pdf',
        },
      },
      { token: expert.accessToken },
    );
    await gql(
      server,
      ADD,
      {
        i: { publicationId: old, language: 'ru', title: 'Доклад', externalUrl: 'https://example.org/ru.pdf' },
      },
      { token: expert.accessToken },
    );
    const q = `query($f: PublicationFilter, $first: Int, $after: String) {
      publications(filter: $f, first: $first, after: $after) {
        edges { node { id author { id } networks { id } countries { code } thematicAreas { code } versions { id title } } }
        pageInfo { endCursor hasNextPage } } }`;
    const list = async (f: Record<string, unknown>, first = 50, after?: string) => {
      const before = server.database.counter.count;
      const data = ok(await gql(server, q, { f, first, after }, { token: viewer.accessToken })).publications;
      return {
        ids: data.edges.map((e: { node: { id: string } }) => e.node.id),
        pageInfo: data.pageInfo,
        statements: server.database.counter.count - before,
      };
    };
    expect((await list({ yearFrom: 2030, yearTo: 2031 })).ids).toEqual([old, report, digest]);
    expect((await list({ year: 2031 })).ids).toEqual([report, digest]);
    expect((await list({ year: 2031, kinds: ['DIGEST'] })).ids).toEqual([digest]);
    expect((await list({ yearFrom: 2030, thematicAreaCodes: ['CBRN_TERRORISM'] })).ids).toEqual([digest]);
    expect((await list({ yearFrom: 2030, languages: ['zh-Hans'] })).ids).toEqual([digest]);
    expect((await list({ yearFrom: 2030, languages: ['fr'] })).ids).toEqual([report]);
    expect((await list({ yearFrom: 2030, languages: ['ru'] })).ids).toEqual([old]);
    expect((await list({ yearFrom: 2030, languages: ['es'] })).ids).toEqual([]);
    const p1 = await list({ yearFrom: 2030 }, 1);
    const p2 = await list({ yearFrom: 2030 }, 1, p1.pageInfo.endCursor);
    expect([...p1.ids, ...p2.ids]).toEqual([old, report]);
    const big = await list({ yearFrom: 2030 }, 3);
    expect(big.statements).toBe(p1.statements);
    const bad = await gql(server, q, { f: { languages: ['??'] } }, { token: viewer.accessToken });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(server, q, { f: {} }, { token: pending.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, q, { f: {} }))).toEqual(['UNAUTHENTICATED']);
  });
});
