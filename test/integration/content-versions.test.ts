import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer } from '../helpers/server';
import type { TestServer } from '../helpers/server';
import { createModerator, createPending, createPractitioner } from '../helpers/factories';
import type { TestUser } from '../helpers/factories';
import { codes, gql, ok } from '../helpers/graphql';
import { createDraft, publishPost } from '../helpers/posts';
import { addMember, createWorkingGroup } from '../helpers/networks';
import { connectWs } from '../helpers/ws';

/** A LibreTranslate server (`POST /translate`) that records what it was sent and answers `[target] text`. */
interface FakeEngine {
  url: string;
  sent: { q: string; source: string; target: string }[];
  close(): Promise<void>;
}
async function startEngine(): Promise<FakeEngine> {
  const sent: FakeEngine['sent'] = [];
  const srv = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/translate') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as { q: string; source: string; target: string };
      sent.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ translatedText: `[${body.target}] ${body.q}` }));
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    close: () =>
      new Promise((r) => {
        srv.closeAllConnections();
        srv.close(() => r());
      }),
  };
}

let server: TestServer;
let engine: FakeEngine;
let moderator: TestUser;
let author: TestUser;
let translator: TestUser;
let reader: TestUser;
let pending: TestUser;

beforeAll(async () => {
  engine = await startEngine();
  server = await startTestServer({ TRANSLATION_URL: engine.url });
  moderator = await createModerator(server, { languages: ['EN'] });
  author = await createPractitioner(server, { languages: ['EN'] });
  translator = await createPractitioner(server, { languages: ['FR'] });
  reader = await createPractitioner(server, { languages: ['RU', 'ES'] });
  pending = await createPending(server);
});
afterAll(async () => {
  await server.stop();
  await engine.close();
});

const VERSION = `id language title summary body bodyHtml origin isMachineTranslation engine sourceRevision isOutdated
  reviewState availableLanguages translator { id }`;
const READ = `query($id: ID!, $lang: Language) { node(id: $id) { ... on Post { version(language: $lang) { ${VERSION} } } } }`;
const SUBMIT = `mutation($i: SubmitTranslationInput!) { submitTranslation(input: $i) { version { ${VERSION} } } }`;
const REVIEW = `mutation($i: ReviewTranslationInput!) { reviewTranslation(input: $i) { version { ${VERSION} } } }`;
const REQUEST = `mutation($i: RequestTranslationInput!) { requestTranslation(input: $i) { contentId language remainingToday } }`;

interface Version {
  language: string;
  title: string;
  origin: string;
  isMachineTranslation: boolean;
  engine: string | null;
  sourceRevision: number;
  isOutdated: boolean;
  reviewState: string;
  availableLanguages: string[];
  bodyHtml: string;
  translator: { id: string } | null;
}

async function read(user: TestUser | null, id: string, lang?: string, headers: Record<string, string> = {}) {
  const res = await gql(server, READ, { id, lang }, { token: user?.accessToken, headers });
  return ok(res).node?.version as Version | undefined;
}

const TITLES: Record<string, string> = {
  AR: 'تسليم المجرمين والمساعدة القانونية',
  ZH: '引渡与司法协助',
  FR: 'Extradition et entraide judiciaire',
  RU: 'Экстрадиция и взаимная правовая помощь',
  ES: 'Extradición y asistencia judicial',
};

async function translate(user: TestUser, id: string, language: string, title = TITLES[language]) {
  return gql(
    server,
    SUBMIT,
    { i: { contentId: id, language, title, body: `**${language}**` } },
    { token: user.accessToken },
  );
}

async function accept(id: string, language: string, ok_ = true) {
  return gql(
    server,
    REVIEW,
    { i: { contentId: id, language, accept: ok_ } },
    { token: moderator.accessToken },
  );
}

describe('language versions', () => {
  let postId: string;

  beforeAll(async () => {
    postId = await publishPost(server, author, moderator, {
      title: 'Extradition and mutual legal assistance',
    });
    for (const l of ['AR', 'ZH', 'FR', 'RU', 'ES']) {
      ok(await translate(translator, postId, l));
      ok(await accept(postId, l));
    }
  });

  it('negotiates each of the six languages from Accept-Language, and says which it gave', async () => {
    for (const [header, lang] of [
      ['ar', 'AR'],
      ['zh-CN,zh;q=0.9', 'ZH'],
      ['en-GB', 'EN'],
      ['fr-FR,fr;q=0.9,en;q=0.5', 'FR'],
      ['ru', 'RU'],
      ['es-419', 'ES'],
    ]) {
      const v = (await read(reader, postId, undefined, { 'accept-language': header }))!;
      expect(v.language).toBe(lang);
      expect(v.title).toBe(lang === 'EN' ? 'Extradition and mutual legal assistance' : TITLES[lang]);
      expect(v.origin).toBe(lang === 'EN' ? 'ORIGINAL' : 'HUMAN');
      expect(v.availableLanguages).toHaveLength(5);
      expect(v.availableLanguages).not.toContain(lang);
    }
    // Arabic comes back as written (right to left), its Markdown rendered.
    const ar = (await read(reader, postId, undefined, { 'accept-language': 'ar-EG' }))!;
    expect(ar.title).toBe(TITLES.AR);
    expect(ar.bodyHtml).toContain('<strong>AR</strong>');
    // q-values: the best weighted language we have.
    expect(
      (await read(reader, postId, undefined, { 'accept-language': 'de, zh;q=0.4, es;q=0.8' }))!.language,
    ).toBe('ES');
  });

  it('the argument beats the header; then the viewer’s preferred languages; then the original', async () => {
    expect((await read(reader, postId, 'AR', { 'accept-language': 'fr' }))!.language).toBe('AR');
    expect((await read(reader, postId))!.language).toBe('RU'); // reader prefers RU, ES
    expect((await read(translator, postId))!.language).toBe('FR');
    expect((await read(reader, postId, undefined, { 'accept-language': 'de' }))!.language).toBe('RU');
    const other = await publishPost(server, author, moderator, { title: 'Only in English' });
    const v = (await read(reader, other, 'ZH'))!;
    expect(v).toMatchObject({
      language: 'EN',
      origin: 'ORIGINAL',
      availableLanguages: [],
      isOutdated: false,
    });
    expect(v.translator).toEqual({ id: author.id });
  });

  it('a translation waits for review (posts are reviewed): shown to its translator only, then to all', async () => {
    const id = await publishPost(server, author, moderator, { title: 'Reviewed translations' });
    const v = ok(await translate(translator, id, 'FR', 'Traductions relues')).submitTranslation.version;
    expect(v).toMatchObject({
      language: 'FR',
      origin: 'HUMAN',
      reviewState: 'UNREVIEWED',
      sourceRevision: 1,
    });
    expect((await read(reader, id, 'FR'))!.language).toBe('EN');
    expect((await read(translator, id, 'FR'))!.language).toBe('FR');
    // Who may review: not a member, not the translator (a moderator translating), not a missing version.
    expect(
      codes(
        await gql(
          server,
          REVIEW,
          { i: { contentId: id, language: 'FR', accept: true } },
          { token: reader.accessToken },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await accept(id, 'ZH'))).toEqual(['NOT_FOUND']);
    ok(await translate(moderator, id, 'ES', 'Traducciones'));
    expect(codes(await accept(id, 'ES'))).toEqual(['FORBIDDEN']);
    expect(ok(await accept(id, 'FR')).reviewTranslation.version.reviewState).toBe('REVIEWED');
    expect(await read(reader, id, 'FR')).toMatchObject({ language: 'FR', reviewState: 'REVIEWED' });
    // Rejected: gone for readers.
    ok(await translate(translator, id, 'RU', 'Перевод'));
    expect(ok(await accept(id, 'RU', false)).reviewTranslation.version.reviewState).toBe('REJECTED');
    expect((await read(reader, id, 'RU'))!.language).toBe('EN');
    expect((await read(reader, id))!.availableLanguages).toEqual(['fr'.toUpperCase()]);
  });

  it('submitTranslation refuses the unverified, the original’s language and bad input', async () => {
    const i = { contentId: postId, language: 'FR', title: 'x' };
    expect(codes(await gql(server, SUBMIT, { i }, { token: pending.accessToken }))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(server, SUBMIT, { i }))).toEqual(['UNAUTHENTICATED']);
    expect(
      codes(await gql(server, SUBMIT, { i: { ...i, language: 'EN' } }, { token: translator.accessToken })),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await gql(server, SUBMIT, { i: { ...i, title: '' } }, { token: translator.accessToken })),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await gql(server, SUBMIT, { i: { ...i, contentId: author.id } }, { token: translator.accessToken }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('marks translations outdated in the same transaction when the original changes', async () => {
    // A draft (editable): its author translates it, then edits the original.
    const { id } = await createDraft(server, author, { title: 'Before the edit' });
    ok(await translate(author, id, 'FR', 'Avant la modification'));
    expect(await read(author, id, 'FR')).toMatchObject({
      language: 'FR',
      isOutdated: false,
      sourceRevision: 1,
    });
    ok(
      await gql(
        server,
        `mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id } } }`,
        { i: { id, title: 'After the edit' } },
        { token: author.accessToken },
      ),
    );
    expect(await read(author, id, 'FR')).toMatchObject({ isOutdated: true, sourceRevision: 1 });
    expect(await read(author, id, 'EN')).toMatchObject({ title: 'After the edit', sourceRevision: 2 });
    // A new translation of the new text is current again, made from revision 2.
    const again = ok(await translate(author, id, 'FR', 'Après la modification')).submitTranslation.version;
    expect(again).toMatchObject({ isOutdated: false, sourceRevision: 2 });
    ok(
      await gql(
        server,
        `mutation($i: UpdatePostInput!) { updatePost(input: $i) { post { id } } }`,
        { i: { id, countryCodes: ['FR'] } },
        { token: author.accessToken },
      ),
    );
    // A change that is not of the text (its countries) outdates nothing.
    expect(await read(author, id, 'FR')).toMatchObject({ isOutdated: false, sourceRevision: 2 });
  });

  it('a translation is found by search in its language', async () => {
    const id = await publishPost(server, author, moderator, {
      title: 'Cooperation between central authorities',
    });
    ok(await translate(translator, id, 'FR', 'Coopération entre autorités centrales, extraditions'));
    ok(await accept(id, 'FR'));
    const res = ok(
      await gql(
        server,
        `query($f: SearchFilter!) { search(filter: $f, first: 10) { edges { language node { ... on Post { id } } } } }`,
        { f: { query: 'extradition coopération', languages: ['FR'] } },
        { token: reader.accessToken },
      ),
    );
    expect(res.search.edges).toContainEqual({ language: 'FR', node: { id } });
  });
});

describe('recall in every language, through translations', () => {
  // The recall fixtures of the search issue, each one the title of a human translation of an English post:
  // the version is indexed with its own language's configuration and found by the query in that language.
  const fixtures: [string, string, string][] = [
    ['FR', 'La procédure d’extradition au Niger', 'extraditions'],
    ['RU', 'Экстрадиция и правовая помощь', 'экстрадиции'],
    ['AR', 'طلبات التعاون والمساعدة القانونية', 'مساعدة'],
    ['ZH', '关于引渡和刑事司法协助的条约', '引渡'],
    ['ES', 'La solicitud de asistencia judicial', 'solicitudes'],
    ['FR', 'École nationale de la magistrature', 'Ecole'],
  ];
  let n = 0;
  it.each(fixtures)('%s: %s is found by %s, in its language', async (language, title, q) => {
    const id = await publishPost(server, author, moderator, { title: `Original in English, number ${++n}` });
    ok(await translate(translator, id, language, title));
    ok(await accept(id, language));
    const res = ok(
      await gql(
        server,
        `query($f: SearchFilter!) { search(filter: $f, first: 10) {
          edges { language highlights { field text } node { ... on Post { id } } } } }`,
        { f: { query: q, languages: [language] } },
        { token: reader.accessToken },
      ),
    );
    const hit = (
      res.search.edges as {
        language: string;
        highlights: { field: string; text: string }[];
        node: { id: string };
      }[]
    ).find((e) => e.node.id === id);
    expect(hit).toMatchObject({ language });
    expect(hit!.highlights).toContainEqual(expect.objectContaining({ field: 'TITLE', text: title }));
  });
});

describe('versions of content the viewer cannot see', () => {
  let hidden: string;
  let outsider: TestUser;

  beforeAll(async () => {
    outsider = await createPractitioner(server);
    const group = await createWorkingGroup(server, author);
    await addMember(server, group, translator, author);
    hidden = await publishPost(server, author, moderator, { visibility: 'NETWORKS', networkIds: [group] });
    ok(await translate(translator, hidden, 'FR', 'Réservé au groupe'));
    ok(await accept(hidden, 'FR'));
  });

  it('never hands them out: node, mutations and the subscription', async () => {
    expect((await read(translator, hidden, 'FR'))!.title).toBe('Réservé au groupe');
    // The version as a Node: its content's read policy.
    const versionId = ((await read(translator, hidden, 'FR')) as unknown as { id: string }).id;
    const NODE = `query($id: ID!) { node(id: $id) { ... on ContentVersion { language title } } }`;
    expect(ok(await gql(server, NODE, { id: versionId }, { token: translator.accessToken })).node).toEqual({
      language: 'FR',
      title: 'Réservé au groupe',
    });
    expect(ok(await gql(server, NODE, { id: versionId }, { token: outsider.accessToken })).node).toBeNull();
    expect(ok(await gql(server, NODE, { id: versionId }, { token: pending.accessToken })).node).toBeNull();
    expect(
      ok(await gql(server, READ, { id: hidden, lang: 'FR' }, { token: outsider.accessToken })).node,
    ).toBeNull();
    expect(
      ok(await gql(server, READ, { id: hidden, lang: 'FR' }, { token: pending.accessToken })).node,
    ).toBeNull();
    expect(codes(await translate(outsider, hidden, 'ES', 'x'))).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await gql(
          server,
          REVIEW,
          { i: { contentId: hidden, language: 'FR', accept: false } },
          { token: outsider.accessToken },
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    expect(
      codes(
        await gql(
          server,
          REQUEST,
          { i: { contentId: hidden, language: 'ES' } },
          { token: outsider.accessToken },
        ),
      ),
    ).toEqual(['NOT_FOUND']);
    const ws = connectWs(server, outsider.accessToken);
    const errors: unknown[] = [];
    await new Promise<void>((resolve) => {
      ws.client.subscribe(
        {
          query: `subscription($id: ID!) { translationReady(contentId: $id) { language } }`,
          variables: { id: hidden },
        },
        {
          next: (v) => {
            errors.push(...(v.errors ?? []));
            resolve();
          },
          error: (e) => {
            errors.push(e);
            resolve();
          },
          complete: () => resolve(),
        },
      );
    });
    await ws.client.dispose();
    expect(JSON.stringify(errors)).toContain('NOT_FOUND');
  });

  it('machine translation never sends network-only content to the engine', async () => {
    const before = engine.sent.length;
    const res = await gql(
      server,
      REQUEST,
      { i: { contentId: hidden, language: 'ES' } },
      { token: translator.accessToken },
    );
    expect(codes(res)).toEqual(['FORBIDDEN']);
    await sleep(300);
    expect(engine.sent.length).toBe(before);
    expect(JSON.stringify(engine.sent)).not.toContain('Réservé');
  });
});

describe('machine translation', () => {
  it('queues a job, stores a labelled MACHINE version, pushes it through translationReady; two a day', async () => {
    const id = await publishPost(server, author, moderator, { title: 'Joint investigation teams' });
    const ws = connectWs(server, reader.accessToken);
    const got: Version[] = [];
    ws.client.subscribe(
      {
        query: `subscription($id: ID!) { translationReady(contentId: $id) { ${VERSION} } }`,
        variables: { id },
      },
      {
        next: (v) => got.push((v.data as { translationReady: Version }).translationReady),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await ws.connected;
    await sleep(300);
    const first = ok(
      await gql(server, REQUEST, { i: { contentId: id, language: 'ZH' } }, { token: reader.accessToken }),
    );
    expect(first.requestTranslation).toMatchObject({ language: 'ZH', remainingToday: 1 });
    for (let i = 0; i < 50 && !got.length; i++) await sleep(100);
    expect(got[0]).toMatchObject({
      language: 'ZH',
      title: '[zh] Joint investigation teams',
      origin: 'MACHINE',
      isMachineTranslation: true,
      engine: 'libretranslate',
      translator: null,
      reviewState: 'UNREVIEWED',
    });
    expect(engine.sent).toContainEqual({
      q: 'Joint investigation teams',
      source: 'en',
      target: 'zh',
      format: 'text',
    });
    // Shown to readers at once (labelled), without review.
    expect(await read(translator, id, 'ZH')).toMatchObject({ origin: 'MACHINE', isMachineTranslation: true });
    ok(await gql(server, REQUEST, { i: { contentId: id, language: 'ZH' } }, { token: reader.accessToken }));
    const third = await gql(
      server,
      REQUEST,
      { i: { contentId: id, language: 'ZH' } },
      { token: translator.accessToken },
    );
    expect(codes(third)).toEqual(['RATE_LIMITED']);
    // Another language has its own budget; the unverified may not ask.
    ok(await gql(server, REQUEST, { i: { contentId: id, language: 'AR' } }, { token: reader.accessToken }));
    expect(
      codes(
        await gql(server, REQUEST, { i: { contentId: id, language: 'AR' } }, { token: pending.accessToken }),
      ),
    ).toEqual(['FORBIDDEN']);
    await ws.client.dispose();
  });
});

describe('translation review by network moderators, and idempotent translation requests', () => {
  it('a network moderator rejecting a translation gets the rejected version in the payload', async () => {
    // `author` owns the group (a network moderator of it); the post is shared with the group only.
    const group = await createWorkingGroup(server, author);
    const member = await createPractitioner(server, { languages: ['FR'] });
    const outsider = await createPractitioner(server);
    await addMember(server, group, member, author);
    const id = await publishPost(server, member, moderator, { visibility: 'NETWORKS', networkIds: [group] });
    const review = (user: TestUser, language: string, accept_: boolean) =>
      gql(server, REVIEW, { i: { contentId: id, language, accept: accept_ } }, { token: user.accessToken });
    // An outsider cannot even translate it (NOT_FOUND).
    expect(codes(await translate(outsider, id, 'ES', 'x'))).toEqual(['NOT_FOUND']);
    ok(await translate(member, id, 'ES', 'Rechazada'));
    const rejected = ok(await review(author, 'ES', false)).reviewTranslation.version;
    expect(rejected).toMatchObject({ language: 'ES', title: 'Rechazada', reviewState: 'REJECTED' });
    // The same version as a Node: its reviewer still sees it; a plain member (not its translator) does not.
    const NODE = `query($id: ID!) { node(id: $id) { ... on ContentVersion { language reviewState } } }`;
    const vid = (rejected as unknown as { id: string }).id;
    expect(ok(await gql(server, NODE, { id: vid }, { token: author.accessToken })).node).toEqual({
      language: 'ES',
      reviewState: 'REJECTED',
    });
    const other = await createPractitioner(server);
    await addMember(server, group, other, author);
    expect(ok(await gql(server, NODE, { id: vid }, { token: other.accessToken })).node).toBeNull();
    expect(ok(await gql(server, NODE, { id: vid }, { token: outsider.accessToken })).node).toBeNull();
    // A member who is not a network moderator may not review.
    expect(codes(await review(other, 'ES', true))).toEqual(['FORBIDDEN']);
  });

  it('requestTranslation replays under an idempotencyKey (one job, one use of the budget)', async () => {
    const id = await publishPost(server, author, moderator, { title: 'Mutual legal assistance requests' });
    const before = engine.sent.length;
    const ask = (key: string, language = 'RU', user = reader) =>
      gql(
        server,
        REQUEST,
        { i: { contentId: id, language, idempotencyKey: key } },
        { token: user.accessToken },
      );
    const first = ok(await ask('tr-1')).requestTranslation;
    expect(first).toMatchObject({ language: 'RU', remainingToday: 1 });
    const again = ok(await ask('tr-1')).requestTranslation;
    expect(again).toMatchObject({ language: 'RU', remainingToday: 1 });
    for (let i = 0; i < 50 && engine.sent.length === before; i++) await sleep(100);
    await sleep(300);
    // One job: the title went to the engine once.
    const titles = engine.sent.slice(before).filter((x) => x.q === 'Mutual legal assistance requests');
    expect(titles).toHaveLength(1);
    // The same key with other arguments is a CONFLICT; a malformed key BAD_USER_INPUT; another user's
    // use of the same key is theirs.
    expect(codes(await ask('tr-1', 'AR'))).toEqual(['CONFLICT']);
    expect(codes(await ask('not a key!'))).toEqual(['BAD_USER_INPUT']);
    expect(ok(await ask('tr-1', 'RU', translator)).requestTranslation.remainingToday).toBe(0);
    // The budget counted one request for the replayed pair: a third distinct request is over it.
    expect(codes(await ask('tr-2'))).toEqual(['RATE_LIMITED']);
  });
});
