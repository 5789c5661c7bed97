import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { codes, gql, ok } from '../helpers/graphql';
import type { GraphQLResponse } from '../helpers/graphql';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { connectWs } from '../helpers/ws';
import { Role } from '../../src/common/auth/role';
import { fromGlobalId, toGlobalId } from '../../src/common/relay/global-id';

// Issue 15: lessons have language versions like every other content kind, and a lesson's text stays closed
// to the learners who have not reached it on every path of the content kernel.

/** A LibreTranslate server that records what it was sent and answers `[target] text`. */
async function startEngine() {
  const sent: { q: string; source: string; target: string }[] = [];
  const srv = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw) as { q: string; source: string; target: string };
      sent.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ translatedText: `[${body.target}] ${body.q}` }));
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    sent,
    close: () =>
      new Promise<void>((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}

let server: TestServer;
let engine: Awaited<ReturnType<typeof startEngine>>;
let facilitator: TestUser;
let learner: TestUser;
let learner2: TestUser;
let outsider: TestUser;
let moderator: TestUser;
let pending: TestUser;
beforeAll(async () => {
  engine = await startEngine();
  server = await startTestServer({ TRANSLATION_URL: engine.url });
  [facilitator, learner, learner2, outsider, moderator, pending] = await Promise.all([
    createPractitioner(server, { role: Role.EXPERT, languages: ['AR'] }),
    createPractitioner(server, { languages: ['ES'] }),
    createPractitioner(server, { languages: ['ZH'] }),
    createPractitioner(server, { languages: ['ZH'] }),
    createModerator(server, { languages: ['AR'] }),
    createPending(server),
  ]);
});
afterAll(async () => {
  await server.stop();
  await engine.close();
});

const reason = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.reason;
const run = (user: TestUser, query: string, vars: Record<string, unknown> = {}, headers = {}) =>
  gql(server, query, vars, { token: user.accessToken, headers });
const mutate = (user: TestUser, name: string, input: Record<string, unknown>, select: string) =>
  run(
    user,
    `mutation($i: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $i) { ${select} } }`,
    {
      i: input,
    },
  );

const VERSION = `id language title body bodyHtml origin sourceRevision isOutdated reviewState availableLanguages
  translator { id }`;
interface Version {
  id: string;
  language: string;
  title: string;
  body: string;
  origin: string;
  sourceRevision: number;
  isOutdated: boolean;
  reviewState: string;
  availableLanguages: string[];
  translator: { id: string } | null;
}
const READ = `query($id: ID!, $lang: Language) { node(id: $id) { ... on Lesson { version(language: $lang) { ${VERSION} } } } }`;
const read = (user: TestUser, id: string, lang?: string, headers: Record<string, string> = {}) =>
  run(user, READ, { id, lang }, headers);
const version = async (user: TestUser, id: string, lang?: string, headers: Record<string, string> = {}) =>
  ok(await read(user, id, lang, headers)).node.version as Version;
const OLD = `query($id: ID!, $lang: Language) { node(id: $id) { ... on Lesson { languages body(language: $lang) } } }`;
const old = async (user: TestUser, id: string, lang?: string) =>
  ok(await run(user, OLD, { id, lang })).node as { languages: string[]; body: string | null };
const SUBMIT = `mutation($i: SubmitTranslationInput!) { submitTranslation(input: $i) { version { ${VERSION} } } }`;
const submit = (user: TestUser, contentId: string, language: string, body = `**${language}**`) =>
  run(user, SUBMIT, { i: { contentId, language, title: `Titre ${language}`, body } });
const REVIEW = `mutation($i: ReviewTranslationInput!) { reviewTranslation(input: $i) { version { ${VERSION} } } }`;
const review = (user: TestUser, contentId: string, language: string, accept = true) =>
  run(user, REVIEW, { i: { contentId, language, accept } });
const REQUEST = `mutation($i: RequestTranslationInput!) { requestTranslation(input: $i) { language remainingToday } }`;
const request = (user: TestUser, contentId: string, language: string) =>
  run(user, REQUEST, { i: { contentId, language } });

let seq = 0;
/** A published EN course (sequential module) with lessons `first` and `second`; `learner`s enrolled. */
async function course(bodies: { language: string; body: string }[]) {
  const c = ok(
    await mutate(
      facilitator,
      'createCourse',
      { title: `Mutual legal assistance ${++seq}`, description: 'MLA.', language: 'EN', languages: ['EN'] },
      'course { id }',
    ),
  ).createCourse.course.id as string;
  const moduleId = ok(
    await mutate(
      facilitator,
      'createCourseModule',
      { courseId: c, title: 'MLA', sequential: true },
      'module { id }',
    ),
  ).createCourseModule.module.id as string;
  const lesson = async (title: string) =>
    ok(await mutate(facilitator, 'createLesson', { moduleId, title, bodies }, 'lesson { id }')).createLesson
      .lesson.id as string;
  const first = await lesson('Central authorities');
  const second = await lesson('Requests');
  ok(await mutate(facilitator, 'publishCourse', { id: c }, 'course { id }'));
  for (const user of [learner, learner2])
    ok(await mutate(user, 'enrollInCourse', { courseId: c }, 'enrollment { status }'));
  return { courseId: c, moduleId, first, second };
}

const THREE = [
  { language: 'FR', body: 'Autorité centrale' },
  { language: 'EN', body: '# Central authority' },
  { language: 'ES', body: 'Autoridad central' },
];

describe('lesson versions', () => {
  it('bodies: the course language is the original, the others reviewed versions; body/languages answer as before', async () => {
    const { first } = await course(THREE);
    expect(await old(learner, first)).toEqual({ languages: ['EN', 'ES', 'FR'], body: '# Central authority' });
    expect((await old(learner, first, 'FR')).body).toBe('Autorité centrale');
    expect((await old(learner, first, 'RU')).body).toBe('# Central authority');
    const fr = await version(learner, first, 'FR');
    expect(fr).toMatchObject({
      language: 'FR',
      title: 'Central authorities',
      body: 'Autorité centrale',
      origin: 'HUMAN',
      reviewState: 'REVIEWED',
      isOutdated: false,
      availableLanguages: ['EN', 'ES'],
      translator: { id: facilitator.id },
    });
    // Without the course's language, the first in alphabetical order is the original.
    const { first: noEnglish } = await course([
      { language: 'RU', body: 'Центральный орган' },
      { language: 'FR', body: 'Autorité centrale' },
    ]);
    expect(await old(learner, noEnglish)).toEqual({ languages: ['FR', 'RU'], body: 'Autorité centrale' });
    expect(await version(learner, noEnglish, 'FR')).toMatchObject({
      origin: 'ORIGINAL',
      availableLanguages: ['RU'],
    });
    // A lesson without a body: no languages, no body.
    const { first: empty } = await course([]);
    expect(await old(learner, empty)).toEqual({ languages: [], body: null });
  });

  it('reads by argument, then Accept-Language, then preferred languages, then the original', async () => {
    const { first } = await course(THREE);
    expect(await version(learner, first, 'EN')).toMatchObject({
      language: 'EN',
      origin: 'ORIGINAL',
      body: '# Central authority',
      availableLanguages: ['ES', 'FR'],
    });
    expect((await version(learner, first, 'FR', { 'accept-language': 'es' })).language).toBe('FR');
    expect(
      (await version(learner, first, undefined, { 'accept-language': 'fr-CH, es;q=0.5' })).language,
    ).toBe('FR');
    expect((await version(learner, first)).language).toBe('ES'); // learner prefers ES
    expect((await version(learner2, first)).language).toBe('EN'); // ZH: none, the original
    expect((await version(learner2, first, 'AR')).language).toBe('EN');
  });

  it('submitTranslation waits for review by a facilitator or a moderator; learners do not review', async () => {
    const { first } = await course(THREE);
    const mine = ok(await submit(learner, first, 'RU', 'Центральный орган')).submitTranslation
      .version as Version;
    expect(mine).toMatchObject({
      language: 'RU',
      origin: 'HUMAN',
      reviewState: 'UNREVIEWED',
      translator: { id: learner.id },
    });
    // Not shown to other readers until reviewed (the translator sees theirs).
    expect((await version(learner2, first)).availableLanguages).toEqual(['ES', 'FR']);
    expect((await old(learner2, first)).languages).toEqual(['EN', 'ES', 'FR']);
    expect((await version(learner2, first, 'RU')).language).toBe('EN');
    expect((await version(learner, first, 'RU')).body).toBe('Центральный орган');
    expect(codes(await review(learner2, first, 'RU'))).toEqual(['FORBIDDEN']);
    expect(codes(await review(learner, first, 'RU'))).toEqual(['FORBIDDEN']);
    expect(codes(await review(facilitator, first, 'AR'))).toEqual(['NOT_FOUND']);
    expect(ok(await review(facilitator, first, 'RU')).reviewTranslation.version.reviewState).toBe('REVIEWED');
    expect((await version(learner2, first, 'RU')).body).toBe('Центральный орган');
    expect((await old(learner2, first, 'RU')).body).toBe('Центральный орган');
    // A global moderator reviews too (here: rejects); a rejected translation is shown to nobody else.
    ok(await submit(learner2, first, 'ZH', '中央机关'));
    expect(ok(await review(moderator, first, 'ZH', false)).reviewTranslation.version.reviewState).toBe(
      'REJECTED',
    );
    expect((await version(learner, first, 'ZH')).language).not.toBe('ZH');
    expect((await version(facilitator, first, 'ZH')).language).toBe('EN');
    // The original's language is not a translation; the unverified cannot translate.
    expect(codes(await submit(learner, first, 'EN'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await submit(pending, first, 'AR'))).toContain('FORBIDDEN');
  });

  it('editing the original marks its versions outdated in the same write; bodies replaces every language', async () => {
    const { first } = await course(THREE);
    const before = await version(learner, first, 'FR');
    ok(
      await mutate(
        facilitator,
        'updateLesson',
        { id: first, body: '# Central authorities' },
        'lesson { id }',
      ),
    );
    const after = await version(learner, first, 'FR');
    expect(after).toMatchObject({
      isOutdated: true,
      sourceRevision: before.sourceRevision,
      body: 'Autorité centrale',
    });
    expect((await version(learner, first, 'EN')).sourceRevision).toBeGreaterThan(before.sourceRevision);
    expect((await old(learner, first)).body).toBe('# Central authorities');
    // `bodies` writes every language again from one edit: none outdated, ES (left out) gone.
    ok(
      await mutate(
        facilitator,
        'updateLesson',
        {
          id: first,
          bodies: [
            { language: 'EN', body: '# New' },
            { language: 'FR', body: 'Nouveau' },
          ],
        },
        'lesson { id }',
      ),
    );
    expect(await old(learner, first)).toEqual({ languages: ['EN', 'FR'], body: '# New' });
    expect(await version(learner, first, 'FR')).toMatchObject({ body: 'Nouveau', isOutdated: false });
    // Refusals change nothing.
    const both = await mutate(
      facilitator,
      'updateLesson',
      { id: first, body: 'x', bodies: [{ language: 'EN', body: 'y' }] },
      'lesson { id }',
    );
    expect(codes(both)).toEqual(['BAD_USER_INPUT']);
    expect(codes(await mutate(learner, 'updateLesson', { id: first, body: 'x' }, 'lesson { id }'))).toEqual([
      'FORBIDDEN',
    ]);
    expect(await old(learner, first)).toEqual({ languages: ['EN', 'FR'], body: '# New' });
  });

  it('a learner who has not reached the lesson gets nothing of its text on any path', async () => {
    const { first, second } = await course(THREE);
    const versionId = toGlobalId('ContentVersion', `Lesson:${fromGlobalId(second).id}:fr`);
    const locked = async (user: TestUser, why: string) => {
      for (const lang of [undefined, 'FR', 'EN']) {
        const res = await read(user, second, lang);
        expect(codes(res)).toEqual(['FORBIDDEN']);
        expect(reason(res)).toBe(why);
        expect(JSON.stringify(res.data)).not.toContain('Autorité');
      }
      const node = ok(await run(user, `query($id: ID!) { node(id: $id) { id } }`, { id: versionId }));
      expect(node.node).toBeNull();
      for (const res of [
        await submit(user, second, 'RU'),
        await request(user, second, 'ZH'),
        await review(user, second, 'FR'),
      ]) {
        expect(codes(res)).toEqual(['FORBIDDEN']);
        expect(JSON.stringify(res)).not.toContain('Autorité');
      }
    };
    await locked(learner, 'PREVIOUS_LESSON_INCOMPLETE');
    await locked(outsider, 'NOT_ENROLLED');
    // Nothing was written by the refused calls.
    expect((await version(facilitator, second, 'EN')).availableLanguages).toEqual(['ES', 'FR']);
    // translationReady: refused at subscription.
    const ws = connectWs(server, learner.accessToken);
    const errors = await new Promise<unknown[]>((resolve) => {
      ws.client.subscribe(
        {
          query: `subscription($id: ID!) { translationReady(contentId: $id) { body } }`,
          variables: { id: second },
        },
        {
          next: (v) => resolve([...(v.errors ?? [])]),
          error: (e) => resolve([e]),
          complete: () => resolve([]),
        },
      );
    });
    await ws.client.dispose();
    expect(JSON.stringify(errors)).toContain('FORBIDDEN');
    // Once the learner completed the first lesson, the second opens on every path.
    ok(await mutate(learner, 'viewLesson', { lessonId: first }, 'lesson { id }'));
    expect((await version(learner, second, 'FR')).body).toBe('Autorité centrale');
    expect(
      ok(await run(learner, `query($id: ID!) { node(id: $id) { id } }`, { id: versionId })).node.id,
    ).toBe(versionId);
    ok(await submit(learner, second, 'RU'));
  });

  it('a viewer who may not see the course gets nothing: drafts, the unverified', async () => {
    const c = ok(
      await mutate(
        facilitator,
        'createCourse',
        { title: `Draft ${++seq}`, description: 'Draft.', language: 'EN', languages: ['EN'] },
        'course { id }',
      ),
    ).createCourse.course.id as string;
    const moduleId = ok(
      await mutate(facilitator, 'createCourseModule', { courseId: c, title: 'M' }, 'module { id }'),
    ).createCourseModule.module.id as string;
    const lesson = ok(
      await mutate(
        facilitator,
        'createLesson',
        { moduleId, title: 'Secret', bodies: THREE },
        'lesson { id }',
      ),
    ).createLesson.lesson.id as string;
    expect((await version(facilitator, lesson, 'FR')).body).toBe('Autorité centrale');
    const versionId = toGlobalId('ContentVersion', `Lesson:${fromGlobalId(lesson).id}:fr`);
    for (const user of [outsider, learner]) {
      expect(ok(await read(user, lesson, 'FR')).node).toBeNull();
      expect(
        ok(await run(user, `query($id: ID!) { node(id: $id) { id } }`, { id: versionId })).node,
      ).toBeNull();
      expect(codes(await submit(user, lesson, 'RU'))).toEqual(['NOT_FOUND']);
      expect(codes(await request(user, lesson, 'RU'))).toEqual(['NOT_FOUND']);
      expect(codes(await review(user, lesson, 'FR'))).toEqual(['NOT_FOUND']);
    }
    const unverified = await read(pending, lesson, 'FR');
    expect(unverified.data?.node ?? null).toBeNull();
    expect(JSON.stringify(unverified)).not.toContain('Autorité');
  });

  it('machine translation of a lesson: the engine gets its title and body, translationReady delivers it', async () => {
    const { first } = await course(THREE);
    const ws = connectWs(server, learner.accessToken);
    const got: Version[] = [];
    ws.client.subscribe(
      {
        query: `subscription($id: ID!) { translationReady(contentId: $id) { ${VERSION} } }`,
        variables: { id: first },
      },
      {
        next: (v) => got.push((v.data as { translationReady: Version }).translationReady),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await ws.connected;
    await sleep(300);
    expect(ok(await request(learner, first, 'ZH')).requestTranslation).toMatchObject({
      language: 'ZH',
      remainingToday: 1,
    });
    for (let i = 0; i < 50 && !got.length; i++) await sleep(100);
    await ws.client.dispose();
    expect(got[0]).toMatchObject({ language: 'ZH', origin: 'MACHINE', body: '[zh] # Central authority' });
    expect(engine.sent).toContainEqual(
      expect.objectContaining({ q: '# Central authority', source: 'en', target: 'zh' }),
    );
    // Machine output is shown at once (labelled), like every kind's.
    expect((await version(learner2, first)).language).toBe('ZH');
  });

  // Last: it reverts the migrations down to LessonVersions and re-applies them on this server's database.
  it('the migration turns bodies into an original and REVIEWED versions, and down() rebuilds the map', async () => {
    const { first } = await course(THREE);
    const { first: french } = await course([{ language: 'FR', body: 'Seul' }]);
    const { first: empty } = await course([]);
    ok(await submit(learner, first, 'RU')); // awaiting review: not the course's text
    const ds = server.database.dataSource;
    const at = ds.migrations.findIndex((m) => m.name === 'LessonVersions1796640000001');
    expect(at).toBeGreaterThan(0);
    const bodies = async (id: string) =>
      (
        (await ds.query(`SELECT "bodies" FROM course_lesson WHERE "id" = $1`, [fromGlobalId(id).id])) as {
          bodies: Record<string, string>;
        }[]
      )[0].bodies;
    for (let i = ds.migrations.length - 1; i >= at; i--) await ds.undoLastMigration({ transaction: 'each' });
    expect(await bodies(first)).toEqual({
      en: '# Central authority',
      es: 'Autoridad central',
      fr: 'Autorité centrale',
    });
    expect(await bodies(french)).toEqual({ fr: 'Seul' });
    expect(await bodies(empty)).toEqual({});
    await ds.runMigrations({ transaction: 'each' });
    expect(await old(learner, first)).toEqual({ languages: ['EN', 'ES', 'FR'], body: '# Central authority' });
    expect(await version(learner, first, 'ES')).toMatchObject({
      origin: 'HUMAN',
      reviewState: 'REVIEWED',
      isOutdated: false,
      translator: null,
      body: 'Autoridad central',
    });
    expect(await version(learner, french)).toMatchObject({
      language: 'FR',
      origin: 'ORIGINAL',
      body: 'Seul',
    });
    expect(await old(learner, empty)).toEqual({ languages: [], body: null });
    // Editing after the round trip still marks versions outdated (the trigger is back).
    ok(await mutate(facilitator, 'updateLesson', { id: first, body: '# Edited' }, 'lesson { id }'));
    expect((await version(learner, first, 'FR')).isOutdated).toBe(true);
  });
});
