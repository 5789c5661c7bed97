import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { startServer } from '../../src/app/server';
import { createLogger } from '../../src/app/logging';
import { gql, ok } from '../helpers/graphql';
import { TEST_JWT_SECRET } from '../helpers/server';
import { PractitionerEntity } from '../../src/modules/practitioner/practitioner.entity';
import { DEMO_PEOPLE } from '../../src/db/bootstrap';

/** The newcomer's mode: embedded database on disk, demo seed, first admin from the environment. */
describe('start-up on the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'praxis-boot-'));
  const env = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
    PGLITE_DIR: dir,
    ADMIN_EMAIL: 'root@ministry.example',
    ADMIN_PASSWORD: 'an admin password of length',
  };
  let printed = '';
  const write = process.stdout.write.bind(process.stdout);
  beforeAll(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
  });
  afterAll(() => {
    jest.restoreAllMocks();
    void write;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the first admin and a labelled demo community, prints the demo logins once, and keeps data across restarts', async () => {
    const config = loadConfig(env);
    const first = await startServer(config, createLogger('silent'));
    const repo = first.database.dataSource.getRepository(PractitionerEntity);
    expect(await repo.countBy({ isDemo: true })).toBe(DEMO_PEOPLE.length);
    const demo = await repo.findBy({ isDemo: true });
    expect(demo.every((p) => p.displayName.includes('(demo)'))).toBe(true);
    // Demo content is labelled; no treaty status is ever seeded, demo or not.
    const q = (sql: string) => first.database.dataSource.query(sql);
    expect(await q(`SELECT name, "isDemo" FROM central_authority`)).toEqual([
      { name: 'Demo central authority for mutual legal assistance (demo)', isDemo: true },
    ]);
    expect(await q(`SELECT title, "isDemo", status FROM legal_development`)).toEqual([
      { title: 'Demo national strategy against nuclear terrorism (demo)', isDemo: true, status: 'PUBLISHED' },
    ]);
    expect(await q(`SELECT 1 FROM treaty_status`)).toEqual([]);
    // The demo library: two publications with versions in several languages (links), labelled.
    expect(
      await q(
        `SELECT p.kind, p.title LIKE '%(demo)' AS labelled,
           (SELECT string_agg(v.language || ':' || v."isOfficial", ',' ORDER BY v.language) FROM publication_version v
             WHERE v."publicationId" = p.id) AS versions
         FROM publication p ORDER BY p."publishedAt"`,
      ),
    ).toEqual([
      { kind: 'TRAINING_MODULE', labelled: true, versions: 'ar:true,en:true,fr:true' },
      { kind: 'HANDBOOK', labelled: true, versions: 'fr:true,ha:false' },
    ]);
    // Two demo live events: an upcoming one with seats taken and a waiting list, a past one with its
    // recordings, transcripts in two languages and attendance.
    expect(
      await q(
        `SELECT e.status, e."registeredCount", e."waitingCount", e.title LIKE '%(demo)' AS labelled,
           (SELECT count(*)::int FROM live_event_registration r WHERE r."eventId" = e.id) AS registrations,
           (SELECT count(*)::int FROM live_event_recording r WHERE r."eventId" = e.id) AS recordings,
           (SELECT string_agg(t.language, ',' ORDER BY t.language) FROM live_event_transcript t WHERE t."eventId" = e.id) AS transcripts,
           (SELECT count(*)::int FROM live_event_attendance a WHERE a."eventId" = e.id AND a.attended) AS attended
         FROM live_event e ORDER BY e."startsAt"`,
      ),
    ).toEqual([
      {
        status: 'ENDED',
        registeredCount: 4,
        waitingCount: 0,
        labelled: true,
        registrations: 4,
        recordings: 2,
        transcripts: 'en,fr',
        attended: 3,
      },
      {
        // The demo course's live session: its graduate attended, its other learner did not come.
        status: 'ENDED',
        registeredCount: 2,
        waitingCount: 0,
        labelled: true,
        registrations: 2,
        recordings: 0,
        transcripts: null,
        attended: 1,
      },
      {
        status: 'SCHEDULED',
        registeredCount: 3,
        waitingCount: 1,
        labelled: true,
        registrations: 4,
        recordings: 0,
        transcripts: null,
        attended: 0,
      },
    ]);
    // The upcoming event's questions: published and upvoted, pinned, anonymous, pending, answered in
    // writing with a comment; every upvote counted once, by an approved participant or the chair.
    expect(
      await q(
        `SELECT qn.status, qn."isPinned", qn."isAnonymous", qn."upvoteCount", qn."answerMode",
           qn.body LIKE '%(demo)%' AS labelled, qn."publishedAt" IS NOT NULL AS published,
           (SELECT count(*)::int FROM live_event_question_upvote u WHERE u."questionId" = qn.id) AS upvotes,
           (SELECT count(*)::int FROM live_event_question_comment c WHERE c."questionId" = qn.id) AS comments
         FROM live_event_question qn JOIN live_event e ON e.id = qn."eventId" AND e.status = 'SCHEDULED'
         ORDER BY qn."createdAt"`,
      ),
    ).toEqual([
      {
        status: 'PUBLISHED',
        isPinned: false,
        isAnonymous: false,
        upvoteCount: 3,
        answerMode: null,
        labelled: true,
        published: true,
        upvotes: 3,
        comments: 0,
      },
      {
        status: 'PUBLISHED',
        isPinned: true,
        isAnonymous: false,
        upvoteCount: 0,
        answerMode: null,
        labelled: true,
        published: true,
        upvotes: 0,
        comments: 0,
      },
      {
        status: 'PUBLISHED',
        isPinned: false,
        isAnonymous: true,
        upvoteCount: 0,
        answerMode: null,
        labelled: true,
        published: true,
        upvotes: 0,
        comments: 0,
      },
      {
        status: 'PUBLISHED',
        isPinned: false,
        isAnonymous: false,
        upvoteCount: 0,
        answerMode: 'WRITTEN',
        labelled: true,
        published: true,
        upvotes: 0,
        comments: 1,
      },
      {
        status: 'PENDING',
        isPinned: false,
        isAnonymous: false,
        upvoteCount: 0,
        answerMode: null,
        labelled: true,
        published: false,
        upvotes: 0,
        comments: 0,
      },
    ]);
    expect(
      await q(
        `SELECT count(*)::int AS n FROM live_event_question_upvote u
           JOIN live_event_question qn ON qn.id = u."questionId"
          WHERE u."practitionerId" = qn."authorId"
             OR NOT EXISTS (SELECT 1 FROM live_event_registration r WHERE r."eventId" = qn."eventId"
                              AND r."practitionerId" = u."practitionerId" AND r.status = 'APPROVED')
                AND NOT EXISTS (SELECT 1 FROM live_event_speaker s WHERE s."eventId" = qn."eventId"
                              AND s."practitionerId" = u."practitionerId")`,
      ),
    ).toEqual([{ n: 0 }]);
    expect((await q(`SELECT count(*)::int AS n FROM instrument`))[0].n).toBe(20);
    expect(
      await repo.countBy({
        emailNormalized: 'root@ministry.example',
        role: 'ADMIN' as never,
        verification: 'VERIFIED' as never,
      }),
    ).toBe(1);
    const password = /Password for every demo account: (\S+)/.exec(printed)?.[1];
    expect(password).toBeDefined();
    const login = await gql(
      first,
      'mutation($i: LoginInput!) { login(input: $i) { practitioner { role isDemo } } }',
      {
        i: { email: 'moderator@demo.praxis.example', password },
      },
    );
    expect(ok(login).login.practitioner).toEqual({ role: 'MODERATOR', isDemo: true });
    // The demo course, read through the API by its learner part-way through: modules 1 and 2 completed,
    // module 3 started and the live session locked behind it; its graduate completed it when the outbox
    // delivered their attendance of the live session (the real completion path), and holds a certificate.
    await first.services.outbox.drain();
    const signIn = async (email: string) =>
      ok(
        await gql(first, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
          i: { email, password },
        }),
      ).login.accessToken as string;
    const myCourses = `{ myCourses(first: 5) { edges { node { status progress { done total percent completedAt }
      course { title status languages enrolledCount lessonCount network { memberCount }
        modules { title progress { state reason done total } lessons { kind languages } } } } } } }`;
    const learner = ok(
      await gql(first, myCourses, {}, { token: await signIn('amadou@demo.praxis.example') }),
    );
    expect(learner.myCourses.edges).toHaveLength(1);
    const enrolment = learner.myCourses.edges[0].node;
    expect(enrolment.status).toBe('APPROVED');
    expect(enrolment.progress).toMatchObject({ done: 7, total: 9, completedAt: null });
    expect(enrolment.course).toMatchObject({
      title: 'International Cooperation in Criminal Matters: Counter-Terrorism (Module 3) (demo)',
      status: 'PUBLISHED',
      languages: ['EN', 'FR', 'AR'],
      enrolledCount: 2,
      lessonCount: 9,
      network: { memberCount: 4 }, // two facilitators, two learners
    });
    expect(
      enrolment.course.modules.map((m: { title: string; progress: unknown }) => [m.title, m.progress]),
    ).toEqual([
      ['Extradition', { state: 'COMPLETED', reason: null, done: 3, total: 3 }],
      ['Mutual legal assistance', { state: 'COMPLETED', reason: null, done: 3, total: 3 }],
      ['The central authority', { state: 'STARTED', reason: null, done: 1, total: 2 }],
      ['Live session', { state: 'LOCKED', reason: 'PREREQUISITE_INCOMPLETE', done: 0, total: 1 }],
    ]);
    expect(enrolment.course.modules[0].lessons[0]).toEqual({ kind: 'PAGE', languages: ['EN', 'FR'] });
    expect(enrolment.course.modules[3].lessons).toEqual([{ kind: 'LIVE_SESSION', languages: ['EN'] }]);
    const graduate = ok(
      await gql(first, myCourses, {}, { token: await signIn('salma@demo.praxis.example') }),
    );
    expect(graduate.myCourses.edges[0].node.progress).toMatchObject({ done: 9, total: 9, percent: 100 });
    expect(graduate.myCourses.edges[0].node.progress.completedAt).not.toBeNull();
    expect(
      graduate.myCourses.edges[0].node.course.modules.every(
        (m: { progress: { state: string } }) => m.progress.state === 'COMPLETED',
      ),
    ).toBe(true);
    const certificates = ok(
      await gql(
        first,
        `{ myCertificates(first: 5) { edges { node { status course { title } holder { displayName } } } } }`,
        {},
        { token: await signIn('salma@demo.praxis.example') },
      ),
    ).myCertificates.edges;
    expect(certificates).toEqual([
      {
        node: {
          status: 'VALID',
          course: {
            title: 'International Cooperation in Criminal Matters: Counter-Terrorism (Module 3) (demo)',
          },
          holder: { displayName: expect.any(String) },
        },
      },
    ]);
    // The LIVE_SESSION lesson points at the course's live session.
    expect(
      await first.database.dataSource.query(
        `SELECT count(*)::int AS n FROM course_lesson l JOIN live_event e ON e.id = l."liveEventId"
          WHERE l.kind = 'LIVE_SESSION' AND e.title LIKE 'Module 3 live session%'`,
      ),
    ).toEqual([{ n: 1 }]);
    // Nobody else is enrolled.
    const other = ok(await gql(first, myCourses, {}, { token: await signIn('camila@demo.praxis.example') }));
    expect(other.myCourses.edges).toEqual([]);
    const adminLogin = await gql(
      first,
      'mutation($i: LoginInput!) { login(input: $i) { practitioner { role } } }',
      {
        i: { email: 'root@ministry.example', password: 'an admin password of length' },
      },
    );
    expect(ok(adminLogin).login.practitioner.role).toBe('ADMIN');
    const count = await repo.count();
    await first.stop();

    printed = '';
    const second = await startServer(loadConfig(env), createLogger('silent'));
    expect(await second.database.dataSource.getRepository(PractitionerEntity).count()).toBe(count);
    expect(printed).not.toContain('DEMO COMMUNITY');
    // Seeded once: the restart adds no second demo course, live session or enrolment.
    expect(
      await second.database.dataSource.query(
        `SELECT (SELECT count(*)::int FROM course) AS courses, (SELECT count(*)::int FROM live_event) AS events,
           (SELECT count(*)::int FROM course_enrollment) AS enrolments`,
      ),
    ).toEqual([{ courses: 1, events: 3, enrolments: 2 }]);
    await second.stop();
  }, 180_000);
});
