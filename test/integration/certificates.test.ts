import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import { createAdmin, createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { Role } from '../../src/common/auth/role';
import { fromGlobalId } from '../../src/common/relay/global-id';

let server: TestServer;
let expert: TestUser;
let learner: TestUser;
let other: TestUser;
let moderator: TestUser;
let admin: TestUser;
let pending: TestUser;
/** The server's warnings and errors: a failing download prints them (one failed once in CI, unexplained). */
const serverLog: string[] = [];
beforeAll(async () => {
  server = await startTestServer({ LOG_LEVEL: 'warn' }, { logs: { write: (line) => serverLog.push(line) } });
  [expert, learner, other, moderator, admin, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, displayName: 'Expert Facilitator' }),
    createPractitioner(server, { displayName: 'Aminata Diallo', languages: ['FR', 'EN'] }),
    createPractitioner(server, { displayName: 'Other Member' }),
    createModerator(server),
    createAdmin(server),
    createPending(server),
  ]);
});
afterAll(() => server.stop());

const CODE = /^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/;
const CERT =
  'id code status issuedAt revokedAt revocationReason pdfUrl course { id title } holder { id displayName }';
let seq = 0;

const run = (user: TestUser | null, query: string, vars: Record<string, unknown> = {}) =>
  gql(server, query, vars, user ? { token: user.accessToken } : {});
const mutate = (user: TestUser, name: string, input: Record<string, unknown>, select: string) =>
  run(
    user,
    `mutation($i: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { ${select} } }`,
    {
      i: input,
    },
  );
const verify = (code: string, s: TestServer = server) =>
  gql(s, `query($c: String!) { verifyCertificate(code: $c) { holderName courseTitle issuedAt status } }`, {
    c: code,
  });
const mine = async (user: TestUser) =>
  ok(
    await run(user, `{ myCertificates(first: 50) { edges { node { ${CERT} } } } }`),
  ).myCertificates.edges.map((e: { node: Record<string, unknown> }) => e.node);
const nodeOf = (user: TestUser, id: string) =>
  run(user, `query($id: ID!) { node(id: $id) { ... on Certificate { id code } } }`, { id });

/** A published course of `lessons` lessons (one free-order module); returns its id and its lessons' ids. */
async function course(title = `Mutual legal assistance ${++seq}`, lessons = 2) {
  const id = ok(
    await mutate(
      expert,
      'createCourse',
      { title, description: 'Module 3.', language: 'EN' },
      'course { id }',
    ),
  ).createCourse.course.id as string;
  const moduleId = ok(
    await mutate(expert, 'createCourseModule', { courseId: id, title: 'MLA' }, 'module { id }'),
  ).createCourseModule.module.id as string;
  const lessonIds: string[] = [];
  for (let i = 0; i < lessons; i++)
    lessonIds.push(
      ok(
        await mutate(
          expert,
          'createLesson',
          { moduleId, title: `Lesson ${i + 1}`, bodies: [{ language: 'EN', body: 'Text.' }] },
          'lesson { id }',
        ),
      ).createLesson.lesson.id as string,
    );
  ok(await mutate(expert, 'publishCourse', { id }, 'course { id }'));
  return { id, lessonIds };
}

const done = (user: TestUser, lessonId: string) =>
  mutate(user, 'markLessonDone', { lessonId }, 'enrollment { id progress { percent } }');

/** Enrols `user` and completes every lesson; waits for the certificate consumer. */
async function complete(user: TestUser, c: { id: string; lessonIds: string[] }) {
  ok(await mutate(user, 'enrollInCourse', { courseId: c.id }, 'enrollment { id status }'));
  for (const l of c.lessonIds) ok(await done(user, l));
  await server.services.outbox.drain();
}

const certificateOf = async (user: TestUser, courseId: string) =>
  (await mine(user)).find((c: { course: { id: string } }) => c.course.id === courseId) as
    Record<string, string> | undefined;

describe('issuing', () => {
  it('issues one certificate when an enrolment reaches 100 %, not before, with an unguessable code', async () => {
    const c = await course();
    ok(await mutate(learner, 'enrollInCourse', { courseId: c.id }, 'enrollment { id }'));
    ok(await done(learner, c.lessonIds[0]));
    await server.services.outbox.drain();
    expect(await certificateOf(learner, c.id)).toBeUndefined();
    ok(await done(learner, c.lessonIds[1]));
    await server.services.outbox.drain();
    const cert = (await certificateOf(learner, c.id))!;
    expect(cert).toMatchObject({
      status: 'VALID',
      revokedAt: null,
      revocationReason: null,
      holder: { id: learner.id, displayName: 'Aminata Diallo' },
    });
    expect(cert.code).toMatch(CODE);
    expect(cert.pdfUrl).toBe(`/certificates/${encodeURIComponent(cert.id)}.pdf`);
    // Codes differ from one certificate to the next.
    const c2 = await course();
    await complete(learner, c2);
    expect((await certificateOf(learner, c2.id))!.code).not.toBe(cert.code);
  });

  it('exactly once under concurrent completions and redelivered events', async () => {
    const c = await course(undefined, 4);
    ok(await mutate(learner, 'enrollInCourse', { courseId: c.id }, 'enrollment { id }'));
    ok(await done(learner, c.lessonIds[0]));
    ok(await done(learner, c.lessonIds[1]));
    // The last two lessons at once (both may reach 100 %: the enrolment row lock lets one do it).
    const results = await Promise.all([done(learner, c.lessonIds[2]), done(learner, c.lessonIds[3])]);
    for (const r of results) ok(r);
    await server.services.outbox.drain();
    const enrollmentId = fromGlobalId(results[0].data!.markLessonDone.enrollment.id).id;
    // The consumer handling the same completion again, several times at once (redelivery, or two instances).
    await Promise.all(Array.from({ length: 5 }, () => server.services.certificates.issue(enrollmentId)));
    const rows = await server.database.dataSource.query(
      `SELECT count(*)::int AS n FROM certificate WHERE "enrollmentId" = $1`,
      [enrollmentId],
    );
    expect(rows[0].n).toBe(1);
    expect(
      (await mine(learner)).filter((x: { course: { id: string } }) => x.course.id === c.id),
    ).toHaveLength(1);
  });
});

describe('who sees a certificate', () => {
  it('its holder, the course’s facilitators and moderators; nobody else, never unverified accounts', async () => {
    const c = await course();
    await complete(learner, c);
    const cert = (await certificateOf(learner, c.id))!;
    for (const user of [learner, expert, moderator, admin])
      expect(ok(await nodeOf(user, cert.id)).node).toEqual({ id: cert.id, code: cert.code });
    expect(ok(await nodeOf(other, cert.id)).node).toBeNull();
    expect((await nodeOf(pending, cert.id)).data?.node ?? null).toBeNull();
    expect(await mine(other)).toEqual([]);
    expect(codes(await run(pending, `{ myCertificates(first: 5) { edges { node { id } } } }`))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codes(await run(null, `{ myCertificates(first: 5) { edges { node { id } } } }`))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});

describe('verifyCertificate', () => {
  it('is public and tells only the name, the course, the date and VALID; unknown codes answer null', async () => {
    const title = `Extradition ${++seq}`;
    const c = await course(title);
    await complete(learner, c);
    const cert = (await certificateOf(learner, c.id))!;
    const answer = ok(await verify(cert.code)).verifyCertificate;
    expect(answer).toEqual({
      holderName: 'Aminata Diallo',
      courseTitle: title,
      issuedAt: cert.issuedAt,
      status: 'VALID',
    });
    // Typed loosely: lower case, no dashes, O for 0 and l for 1.
    const loose = cert.code.replace(/-/g, '').toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l');
    expect(ok(await verify(loose)).verifyCertificate).toEqual(answer);
    expect(
      ok(await verify(cert.code.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')))).verifyCertificate,
    ).toBeNull();
    expect(ok(await verify('not a code')).verifyCertificate).toBeNull();
    expect(ok(await verify('')).verifyCertificate).toBeNull();
    // The answer's type has these four fields and nothing else.
    const fields = ok(await gql(server, `{ __type(name: "CertificateVerification") { fields { name } } }`))
      .__type.fields.map((f: { name: string }) => f.name)
      .sort();
    expect(fields).toEqual(['courseTitle', 'holderName', 'issuedAt', 'status']);
  });

  it('is rate-limited per client IP', async () => {
    const strict = await startTestServer({ RATE_LIMIT_VERIFY_PER_IP: '3/3600' });
    try {
      for (let i = 0; i < 3; i++) expect(codes(await verify('AAAA-AAAA', strict))).toEqual([]);
      const over = await verify('AAAA-AAAA', strict);
      expect(codes(over)).toEqual(['RATE_LIMITED']);
    } finally {
      await strict.stop();
    }
  });
});

describe('revokeCertificate', () => {
  it('facilitators and moderators revoke with a reason, at once; the holder and others cannot', async () => {
    const c = await course();
    await complete(learner, c);
    const cert = (await certificateOf(learner, c.id))!;
    const revoke = (user: TestUser, reason = 'Plagiarised activity submissions.') =>
      mutate(user, 'revokeCertificate', { id: cert.id, reason }, `certificate { ${CERT} }`);
    expect(codes(await revoke(learner))).toEqual(['FORBIDDEN']);
    expect(codes(await revoke(other))).toEqual(['NOT_FOUND']);
    expect(codes(await revoke(pending))).toEqual(['FORBIDDEN']);
    expect(codes(await revoke(expert, '   '))).toEqual(['BAD_USER_INPUT']);
    expect(ok(await verify(cert.code)).verifyCertificate.status).toBe('VALID');
    const revoked = ok(await revoke(expert)).revokeCertificate.certificate;
    expect(revoked).toMatchObject({
      status: 'REVOKED',
      revocationReason: 'Plagiarised activity submissions.',
    });
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expect(ok(await verify(cert.code)).verifyCertificate.status).toBe('REVOKED');
    expect((await certificateOf(learner, c.id))!.status).toBe('REVOKED');
    expect(codes(await revoke(moderator))).toEqual(['CONFLICT']);
    // A moderator who does not run the course revokes too.
    const c2 = await course();
    await complete(learner, c2);
    const cert2 = (await certificateOf(learner, c2.id))!;
    const byModerator = await mutate(
      moderator,
      'revokeCertificate',
      { id: cert2.id, reason: 'Issued in error.' },
      'certificate { status }',
    );
    expect(ok(byModerator).revokeCertificate.certificate.status).toBe('REVOKED');
  });
});

describe('account deletion', () => {
  it('removes the holder’s certificates: their codes then verify as unknown (no name)', async () => {
    const leaving = await createPractitioner(server, { displayName: 'Leaving Learner' });
    const c = await course();
    await complete(leaving, c);
    const cert = (await certificateOf(leaving, c.id))!;
    expect(ok(await verify(cert.code)).verifyCertificate.holderName).toBe('Leaving Learner');
    const res = await run(
      leaving,
      `mutation($i: DeleteAccountInput!) { deleteAccount(input: $i) { deletedPractitionerId } }`,
      { i: { password: leaving.password } },
    );
    ok(res);
    expect(ok(await verify(cert.code)).verifyCertificate).toBeNull();
    expect(ok(await nodeOf(expert, cert.id)).node).toBeNull();
  });
});

const BIDI_MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-cert-'));

/**
 * The body of a certificate download, which must be a PDF; otherwise an error saying what came instead
 * (status, type, the start of the body) and what the server logged.
 */
async function pdfOf(res: Response): Promise<Buffer> {
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status === 200 && body.subarray(0, 5).toString() === '%PDF-') return body;
  throw new Error(
    `${res.url}: expected a PDF, got ${res.status} ${res.headers.get('content-type')} ` +
      `(${body.length} bytes): ${JSON.stringify(body.subarray(0, 300).toString())}\n` +
      `server log:\n${serverLog.slice(-20).join('')}`,
  );
}

/** The PDF's text (pdftotext), marks removed and white space collapsed. */
function pdfText(pdf: Buffer): string {
  const file = path.join(tmp, `t-${++seq}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })
    .replace(BIDI_MARKS, '')
    .replace(/\s+/g, ' ');
}

/** The words of a text (punctuation dropped), one space apart. */
const words = (text: string) => text.replace(/\p{P}/gu, ' ').trim().split(/\s+/).join(' ');

/** Dark pixels of the page rendered at 60 dpi in grey (pdftoppm), in the band where the name and title are. */
function inkInTextArea(pdf: Buffer): number {
  const file = path.join(tmp, `r-${++seq}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-gray', '-r', '60', '-singlefile', file, file]);
  const pgm = fs.readFileSync(`${file}.pgm`);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 50).toString('latin1'))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  // Between 35 % and 70 % of the height (holder name, "has completed", course title), the middle 80 %.
  for (let y = Math.floor(height * 0.35); y < height * 0.7; y++)
    for (let x = Math.floor(width * 0.1); x < width * 0.9; x++) if (pixels[y * width + x] < 128) dark++;
  return dark;
}

describe('GET /certificates/<id>.pdf', () => {
  const origin = () => new URL(server.url).origin;
  const get = (url: string, user?: TestUser) =>
    fetch(new URL(url, origin()), { headers: user ? { authorization: `Bearer ${user.accessToken}` } : {} });

  it('serves the holder, facilitators and moderators; nobody else', async () => {
    const c = await course();
    await complete(learner, c);
    const cert = (await certificateOf(learner, c.id))!;
    for (const user of [learner, expert, moderator]) {
      const res = await get(cert.pdfUrl, user);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    }
    for (const user of [other, pending, undefined]) expect((await get(cert.pdfUrl, user)).status).toBe(404);
    expect((await get('/certificates/nonsense.pdf', learner)).status).toBe(404);
    // Another type's id is no certificate.
    expect((await get(`/certificates/${encodeURIComponent(c.id)}.pdf`, learner)).status).toBe(404);
  });

  it.each([
    ['ar', 'ليلى حداد', 'التعاون الدولي في المسائل الجنائية: مكافحة الإرهاب'],
    ['zh', '王小明', '刑事事项国际合作：反恐'],
    ['en', 'Aminata Keita', 'International Cooperation in Criminal Matters: Counter-Terrorism'],
  ])(
    'in %s: the holder name and course title in logical order, and ink in the text area',
    async (lang, name, title) => {
      const holder = await createPractitioner(server, { displayName: name, languages: [lang.toUpperCase()] });
      const c = await course(title);
      await complete(holder, c);
      const cert = (await certificateOf(holder, c.id))!;
      // The holder's own language by default.
      const pdf = await pdfOf(await get(cert.pdfUrl, holder));
      const text = pdfText(pdf);
      // Logical order, word by word: pdftotext puts neutral punctuation between right-to-left words on
      // either side of the space (": " comes out " :"), so punctuation is left out of the comparison.
      expect(words(text)).toContain(words(name));
      expect(words(text)).toContain(words(title));
      expect(text).toContain(cert.code);
      expect(inkInTextArea(pdf)).toBeGreaterThan(500);
    },
  );

  it('in any of the six languages on request; REVOKED printed once revoked', async () => {
    const c = await course('Central authorities');
    await complete(learner, c);
    const cert = (await certificateOf(learner, c.id))!;
    const headings: Record<string, string> = {
      ar: 'شهادة إتمام',
      zh: '结业证书',
      en: 'Certificate of completion',
      fr: 'Certificat de réussite',
      ru: 'Сертификат об окончании курса',
      es: 'Certificado de finalización',
    };
    // Aminata's first UN language is French.
    expect(pdfText(await pdfOf(await get(cert.pdfUrl, learner)))).toContain(headings.fr);
    for (const [lang, title] of Object.entries(headings)) {
      expect(pdfText(await pdfOf(await get(`${cert.pdfUrl}?lang=${lang}`, learner)))).toContain(title);
    }
    ok(await mutate(expert, 'revokeCertificate', { id: cert.id, reason: 'Error.' }, 'certificate { id }'));
    const revoked = pdfText(await pdfOf(await get(`${cert.pdfUrl}?lang=en`, learner)));
    expect(revoked).toContain('REVOKED');
  });

  it('answers 503 naming the missing fonts when PDF_FONT_DIR has none (never a PDF with boxes)', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-nofonts-'));
    const bare = await startTestServer({ PDF_FONT_DIR: empty });
    try {
      const [holder, facilitator] = await Promise.all([
        createPractitioner(bare, { displayName: 'No Fonts' }),
        createPractitioner(bare, { role: Role.EXPERT }),
      ]);
      const g = (u: TestUser, q: string, v: Record<string, unknown>) =>
        gql(bare, q, v, { token: u.accessToken });
      const cid = ok(
        await g(
          facilitator,
          `mutation($i: CreateCourseInput!) { createCourse(input: $i) { course { id } } }`,
          {
            i: { title: 'Fonts', description: 'x', language: 'EN' },
          },
        ),
      ).createCourse.course.id;
      const mid = ok(
        await g(
          facilitator,
          `mutation($i: CreateCourseModuleInput!) { createCourseModule(input: $i) { module { id } } }`,
          {
            i: { courseId: cid, title: 'M' },
          },
        ),
      ).createCourseModule.module.id;
      const lid = ok(
        await g(
          facilitator,
          `mutation($i: CreateLessonInput!) { createLesson(input: $i) { lesson { id } } }`,
          {
            i: { moduleId: mid, title: 'L', bodies: [{ language: 'EN', body: 'x' }] },
          },
        ),
      ).createLesson.lesson.id;
      ok(
        await g(
          facilitator,
          `mutation($i: PublishCourseInput!) { publishCourse(input: $i) { course { id } } }`,
          { i: { id: cid } },
        ),
      );
      ok(
        await g(
          holder,
          `mutation($i: EnrollInCourseInput!) { enrollInCourse(input: $i) { enrollment { id } } }`,
          { i: { courseId: cid } },
        ),
      );
      ok(
        await g(
          holder,
          `mutation($i: MarkLessonDoneInput!) { markLessonDone(input: $i) { lesson { id } } }`,
          { i: { lessonId: lid } },
        ),
      );
      await bare.services.outbox.drain();
      const url = ok(await g(holder, `{ myCertificates(first: 1) { edges { node { pdfUrl } } } }`, {}))
        .myCertificates.edges[0].node.pdfUrl;
      const res = await fetch(new URL(url, new URL(bare.url).origin), {
        headers: { authorization: `Bearer ${holder.accessToken}` },
      });
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/NotoNaskhArabic-Regular\.ttf.*fonts-noto-core/);
    } finally {
      await bare.stop();
    }
  });
});
