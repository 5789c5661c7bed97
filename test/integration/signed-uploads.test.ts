import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';
import { query, sql } from '../../src/common/db/sql';

const MAX = 4096;
let storageDir: string;
let server: TestServer;
let expert: TestUser;
let otherExpert: TestUser;
let member: TestUser;
let moderator: TestUser;
let pending: TestUser;
beforeAll(async () => {
  storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-files-'));
  server = await startTestServer({ STORAGE_DIR: storageDir, MAX_UPLOAD_BYTES: String(MAX) });
  [expert, otherExpert, member, moderator, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Upload Expert' }),
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Other Expert' }),
    createPractitioner(server, { displayName: 'Upload Member' }),
    createModerator(server),
    createPending(server),
  ]);
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(storageDir, { recursive: true, force: true });
});

type Res = GraphQLResponse<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
const as = (user: TestUser | null, doc: string, vars: Record<string, unknown> = {}): Promise<Res> =>
  gql(server, doc, vars, { token: user?.accessToken ?? null });
const origin = () => new URL(server.url).origin;
const stored = () => fs.readdirSync(storageDir);
const db = () => server.database.dataSource;

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const CREATE_URL = `mutation($i: CreateUploadUrlInput!) { createUploadUrl(input: $i) { uploadId uploadPath expiresAt maxBytes } }`;
const urlFor = (user: TestUser | null, i: Record<string, unknown> = {}) =>
  as(user, CREATE_URL, {
    i: {
      fileName: 'handbook.pdf',
      size: PDF.length,
      mediaType: 'application/pdf',
      purpose: 'PUBLICATION_VERSION',
      ...i,
    },
  });
async function newUpload(user: TestUser = expert, i: Record<string, unknown> = {}) {
  return ok(await urlFor(user, i)).createUploadUrl as {
    uploadId: string;
    uploadPath: string;
    expiresAt: string;
    maxBytes: number;
  };
}
const put = (uploadPath: string, bytes: Buffer) =>
  fetch(origin() + uploadPath, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf' },
    body: new Uint8Array(bytes),
  });

let seq = 0;
async function publication(user: TestUser = expert): Promise<string> {
  const res = await as(
    user,
    `mutation($i: CreatePublicationInput!) { createPublication(input: $i) { publication { id } } }`,
    {
      i: {
        kind: 'HANDBOOK',
        title: `Handbook on mutual legal assistance ${++seq}`,
        language: 'EN',
        year: 2019,
      },
    },
  );
  return ok(res).createPublication.publication.id as string;
}
const ATTACH = `mutation($i: AddPublicationVersionInput!) {
  addPublicationVersion(input: $i) { version { id fileContentType fileSize downloadPath externalUrl } } }`;
const attach = (user: TestUser, publicationId: string, uploadId: string) =>
  as(user, ATTACH, { i: { publicationId, language: 'en', title: 'Handbook', uploadId } });

describe('signed upload URLs', () => {
  it('creates a short-lived URL; a real PUT stores the file; the upload id becomes a downloadable version once', async () => {
    const before = Date.now();
    const u = await newUpload();
    expect(u.maxBytes).toBe(PDF.length);
    const expires = new Date(u.expiresAt).getTime();
    expect(expires).toBeGreaterThan(before);
    expect(expires - before).toBeLessThanOrEqual(15 * 60 * 1000);
    expect(u.uploadPath).toMatch(
      new RegExp(`^/uploads/${u.uploadId}\\?expires=\\d+&signature=[A-Za-z0-9_-]+$`),
    );

    const res = await put(u.uploadPath, PDF);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      uploadId: u.uploadId,
      fileContentType: 'application/pdf',
      fileSize: PDF.length,
    });
    expect(stored()).toContain(u.uploadId);
    // Single use.
    expect((await put(u.uploadPath, PDF)).status).toBe(409);

    const pub = await publication();
    // Nobody else attaches it; not to a publication one may not edit either.
    expect(codes(await attach(otherExpert, await publication(otherExpert), u.uploadId))).toEqual([
      'NOT_FOUND',
    ]);
    expect(codes(await attach(expert, await publication(otherExpert), u.uploadId))).toEqual(['FORBIDDEN']);
    // Not with a file or link besides.
    expect(
      codes(
        await as(expert, ATTACH, {
          i: {
            publicationId: pub,
            language: 'en',
            title: 'x',
            uploadId: u.uploadId,
            externalUrl: 'https://example.org',
          },
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);

    const version = ok(await attach(expert, pub, u.uploadId)).addPublicationVersion.version;
    expect(version).toMatchObject({
      fileContentType: 'application/pdf',
      fileSize: PDF.length,
      externalUrl: null,
    });
    const got = await fetch(origin() + version.downloadPath, {
      headers: { authorization: `Bearer ${member.accessToken}` },
    });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(PDF)).toBe(true);
    // Attached once only; the sweep leaves attached files alone.
    expect(codes(await attach(expert, pub, u.uploadId))).toEqual(['NOT_FOUND']);
    await db().query(`UPDATE publication_upload SET "createdAt" = now() - interval '3 days'`);
    await server.services.publicationUploads.sweep();
    expect(
      (
        await fetch(origin() + version.downloadPath, {
          headers: { authorization: `Bearer ${member.accessToken}` },
        })
      ).status,
    ).toBe(200);
  });

  it('an upload id replaces a version’s file (updatePublicationVersion): the old file goes, the id is taken once', async () => {
    const first = await newUpload();
    expect((await put(first.uploadPath, PDF)).status).toBe(201);
    const pub = await publication();
    const version = ok(await attach(expert, pub, first.uploadId)).addPublicationVersion.version;
    const SECOND = Buffer.concat([PDF, Buffer.from('% second edition\n')]);
    const second = await newUpload(expert, { size: SECOND.length });
    expect((await put(second.uploadPath, SECOND)).status).toBe(201);
    const UPDATE = `mutation($i: UpdatePublicationVersionInput!) {
      updatePublicationVersion(input: $i) { version { id fileSize downloadPath externalUrl } } }`;
    const update = (user: TestUser, i: Record<string, unknown>) =>
      as(user, UPDATE, { i: { versionId: version.id, ...i } });
    // Refused, and nothing changes: someone else's upload, several replacements at once, another's version.
    expect(codes(await update(expert, { uploadId: '00000000-0000-4000-8000-000000000000' }))).toEqual([
      'NOT_FOUND',
    ]);
    const theirs = await newUpload(otherExpert);
    expect((await put(theirs.uploadPath, PDF)).status).toBe(201);
    expect(codes(await update(expert, { uploadId: theirs.uploadId }))).toEqual(['NOT_FOUND']);
    expect(
      codes(await update(expert, { uploadId: second.uploadId, externalUrl: 'https://example.org/h.pdf' })),
    ).toEqual(['BAD_USER_INPUT']);
    expect(codes(await update(otherExpert, { uploadId: second.uploadId }))).toEqual(['FORBIDDEN']);
    expect(codes(await update(member, { uploadId: second.uploadId }))).toEqual(['FORBIDDEN']);
    expect(stored()).toEqual(expect.arrayContaining([first.uploadId, second.uploadId]));

    const updated = ok(await update(expert, { uploadId: second.uploadId })).updatePublicationVersion.version;
    expect(updated).toMatchObject({ id: version.id, fileSize: SECOND.length, externalUrl: null });
    expect(updated.downloadPath).toBe(version.downloadPath);
    const got = await fetch(origin() + updated.downloadPath, {
      headers: { authorization: `Bearer ${member.accessToken}` },
    });
    expect(Buffer.from(await got.arrayBuffer()).equals(SECOND)).toBe(true);
    // The old file left the storage after the commit; the upload was taken once.
    expect(stored()).not.toContain(first.uploadId);
    expect(codes(await update(expert, { uploadId: second.uploadId }))).toEqual(['NOT_FOUND']);
  });

  it('createUploadUrl is for those who add to the library, within the size limit and the accepted types', async () => {
    expect(codes(await urlFor(member))).toEqual(['FORBIDDEN']);
    expect(codes(await urlFor(pending))).toEqual(['FORBIDDEN']);
    expect(codes(await urlFor(null))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await urlFor(expert, { size: MAX + 1 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await urlFor(expert, { size: 0 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await urlFor(expert, { mediaType: 'text/plain' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await urlFor(expert, { fileName: '  ' }))).toEqual(['BAD_USER_INPUT']);
    ok(await urlFor(moderator));
  });

  it('refuses a bad signature, a changed expiry, an expired URL, more than the declared size, a refused type and nothing', async () => {
    const u = await newUpload();
    const files = stored().sort();
    // Another first character, whatever the signature starts with (a fixed 'A' was a no-op 1 time in 64).
    const forged = u.uploadPath.replace(
      /signature=(.)/,
      (_m, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`,
    );
    expect(forged).not.toBe(u.uploadPath);
    expect((await put(forged, PDF)).status).toBe(403);
    expect(
      (
        await put(
          u.uploadPath.replace(/expires=(\d+)/, (_m, e) => `expires=${Number(e) + 60}`),
          PDF,
        )
      ).status,
    ).toBe(403);
    expect(
      (await put(u.uploadPath.replace(u.uploadId, '00000000-0000-4000-8000-000000000000'), PDF)).status,
    ).toBe(403);
    // Expired (as the database says): refused, and the URL was not spent by the refusals above.
    await query(
      db(),
      sql`UPDATE publication_upload SET "expiresAt" = now() - interval '1 second' WHERE "id" = ${u.uploadId}`,
    );
    expect((await put(u.uploadPath, PDF)).status).toBe(403);

    const small = await newUpload(expert, { size: 20 });
    expect((await put(small.uploadPath, PDF)).status).toBe(413);
    const png = await newUpload(expert, { size: PNG.length });
    const pngRes = await put(png.uploadPath, PNG);
    expect(pngRes.status).toBe(415);
    expect((await pngRes.json()).error).toMatch(/not an accepted type/);
    const empty = await newUpload();
    expect((await put(empty.uploadPath, Buffer.alloc(0))).status).toBe(400);
    expect(stored().sort()).toEqual(files);
    const pub = await publication();
    for (const x of [u, small, png, empty])
      expect(codes(await attach(expert, pub, x.uploadId))).toEqual(['NOT_FOUND']);
  });

  it('sweeps uploads left unattached past UPLOAD_MAX_AGE_SECONDS, with their files', async () => {
    const old = await newUpload();
    expect((await put(old.uploadPath, PDF)).status).toBe(201);
    const recent = await newUpload();
    expect((await put(recent.uploadPath, PDF)).status).toBe(201);
    await query(
      db(),
      sql`UPDATE publication_upload SET "createdAt" = now() - interval '2 days' WHERE "id" = ${old.uploadId}`,
    );
    expect(await server.services.publicationUploads.sweep()).toBe(1);
    expect(stored()).not.toContain(old.uploadId);
    expect(stored()).toContain(recent.uploadId);
    const pub = await publication();
    expect(codes(await attach(expert, pub, old.uploadId))).toEqual(['NOT_FOUND']);
    ok(await attach(expert, pub, recent.uploadId));
  });
});
