/**
 * The courses section of `npm run bench` (issue 14, Performance): SQL statements per request and req/s of
 * `myCourses(first: 50)` with progress, and of a course outline with 10 modules × 10 lessons (module states
 * and lesson locks of the learner). Courses, modules, lessons, enrolments and completions are written with
 * direct SQL (like generate.ts); everything measured goes through the API.
 */
import { Client } from 'pg';

export interface CourseBenchDeps {
  databaseUrl: string;
  praxisUrl: string;
  /** The courses' author (their facilitator). */
  authorId: string;
  /** Two verified members: the first enrols in 50 courses, the second in 5. */
  learnerIds: [string, string];
  tokensFor(ids: string[]): Promise<string[]>;
  gql(
    url: string,
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }>;
  load(
    url: string,
    tokens: string[],
    query: string,
    variables: Array<Record<string, unknown>>,
    seconds: number,
  ): Promise<{ rps: number; p50: number; p99: number; errors: number; requests: number }>;
  seconds: number;
  /** db_sql_statements_total, and what one scrape adds by itself. */
  sqlStatements(): Promise<number>;
  scrapeOverhead(): Promise<number>;
  section(
    title: string,
    rows: Array<{ measure: string; value: string; target?: string }>,
    note?: string,
  ): void;
  say(line: string): void;
  fmt(n: number, digits?: number): string;
  verdict(ok: boolean): string;
}

export const MY_COURSES = `query MyCourses($first: Int!) {
  myCourses(first: $first) {
    edges { cursor node {
      id status createdAt
      progress { done total percent lastActivityAt completedAt }
      course { id title summary status languages startsAt endsAt enrolledCount lessonCount
        thematicAreas { code name } facilitators { id displayName } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const COURSE_OUTLINE = `query Outline($id: ID!) {
  course(id: $id) {
    id title lessonCount
    viewerEnrollment { id status progress { done total percent } }
    modules {
      id position title unlockAt sequential
      prerequisites { id title }
      progress { state reason done total }
      lessons { id position title kind completionRule languages lockReason }
    }
  }
}`;

const globalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

/**
 * Writes `count` published courses of `modules` × `lessons` PAGE lessons by `authorId` (titles prefixed
 * with `tag`), each learner enrolled (APPROVED) with the first `done` lessons of each course completed.
 * Returns the course ids, oldest first.
 */
async function writeCourses(
  client: Client,
  tag: string,
  authorId: string,
  count: number,
  modules: number,
  lessons: number,
  learners: Array<{ id: string; done: number }>,
): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO course (title, summary, body, language, "thematicAreaCodes", "authorId", status, languages,
       "enrollmentPolicy", "lessonCount", "enrolledCount", "publishedAt", "createdAt")
     SELECT $1 || ' ' || g, 'A benchmark course.', 'Benchmark.', 'en', '{INTERNATIONAL_COOPERATION}', $2,
       'PUBLISHED', '{en,fr}', 'OPEN', $3::int, $4::int, now(), now() - (($5::int - g) * interval '1 second')
     FROM generate_series(1, $5::int) g RETURNING id`,
    [tag, authorId, modules * lessons, learners.length, count],
  );
  const ids = rows.map((r) => r.id);
  await client.query(
    `INSERT INTO course_facilitator ("courseId", "practitionerId", position) SELECT unnest($1::uuid[]), $2, 0`,
    [ids, authorId],
  );
  await client.query(
    `INSERT INTO course_module ("courseId", position, title, sequential)
     SELECT c, m - 1, 'Module ' || m, m % 2 = 0 FROM unnest($1::uuid[]) c, generate_series(1, $2::int) m`,
    [ids, modules],
  );
  await client.query(
    `INSERT INTO course_lesson ("moduleId", "courseId", position, title, kind, "completionRule", language, body)
     SELECT m.id, m."courseId", l - 1, m.title || ', lesson ' || l, 'PAGE', 'VIEWED', 'en', 'Lesson text.'
     FROM course_module m, generate_series(1, $2::int) l WHERE m."courseId" = ANY($1::uuid[])`,
    [ids, lessons],
  );
  // Its French version, reviewed (lessons have language versions like every other content kind).
  await client.query(
    `INSERT INTO content_version ("kind", "contentId", "language", "title", "summary", "body", "origin",
       "sourceRevision", "isOutdated", "reviewState")
     SELECT 'Lesson', l.id, 'fr', l.title, '', 'Texte de la leçon.', 'HUMAN', 1, false, 'REVIEWED'
       FROM course_lesson l WHERE l."courseId" = ANY($1::uuid[])`,
    [ids],
  );
  for (const learner of learners) {
    await client.query(
      `INSERT INTO course_enrollment ("courseId", "practitionerId", status, "doneCount", "lastActivityAt")
       SELECT c, $2, 'APPROVED', $3::int, now() FROM unnest($1::uuid[]) c`,
      [ids, learner.id, learner.done],
    );
    await client.query(
      `INSERT INTO course_lesson_completion ("enrollmentId", "lessonId")
       SELECT e.id, l.id FROM course_enrollment e
         JOIN LATERAL (SELECT l.id FROM course_lesson l JOIN course_module m ON m.id = l."moduleId"
                        WHERE l."courseId" = e."courseId" ORDER BY m.position, l.position LIMIT $3::int) l ON true
        WHERE e."courseId" = ANY($1::uuid[]) AND e."practitionerId" = $2`,
      [ids, learner.id, learner.done],
    );
  }
  return ids;
}

export async function measureCourses(d: CourseBenchDeps): Promise<void> {
  const client = new Client({ connectionString: d.databaseUrl });
  await client.connect();
  const [many, few] = d.learnerIds;
  let bigCourse: string;
  let smallCourse: string;
  try {
    // 50 courses of 10 × 10 with the first learner (35 lessons done in each), 5 more with both learners, and
    // a small course of 2 × 2 for the outline's comparison.
    await writeCourses(client, 'Bench course (50)', d.authorId, 45, 10, 10, [{ id: many, done: 35 }]);
    const both = await writeCourses(client, 'Bench course (5)', d.authorId, 5, 10, 10, [
      { id: many, done: 35 },
      { id: few, done: 35 },
    ]);
    bigCourse = both[0];
    [smallCourse] = await writeCourses(client, 'Bench course (2x2)', d.authorId, 1, 2, 2, [
      { id: many, done: 1 },
    ]);
    await client.query(
      'ANALYZE course, course_module, course_lesson, course_enrollment, course_lesson_completion',
    );
  } finally {
    await client.end();
  }
  const [manyToken, fewToken] = await d.tokensFor([many, few]);
  const overhead = await d.scrapeOverhead();
  // The fewest of five runs: background work of the server (the search index catching up with the rows just
  // written, outbox polls) may land inside one run's window, never below the request's own statements (with
  // three, the 2 × 2 outline once read 11 against 10).
  const statements = async (token: string, query: string, variables: Record<string, unknown>) => {
    const r = await d.gql(d.praxisUrl, token, query, variables); // warm caches and prepared plans
    if (r.errors) throw new Error(`courses query failed: ${JSON.stringify(r.errors)}`);
    let fewest = Infinity;
    let data: Record<string, unknown> = {};
    for (let i = 0; i < 5; i++) {
      const before = await d.sqlStatements();
      const again = await d.gql(d.praxisUrl, token, query, variables);
      const after = await d.sqlStatements();
      if (again.errors) throw new Error(`courses query failed: ${JSON.stringify(again.errors)}`);
      fewest = Math.min(fewest, after - before - overhead);
      data = again.data!;
    }
    return { n: fewest, data };
  };
  const myMany = await statements(manyToken, MY_COURSES, { first: 50 });
  const myFew = await statements(fewToken, MY_COURSES, { first: 50 });
  const pages = (r: { data: Record<string, unknown> }) =>
    (r.data.myCourses as { edges: unknown[] }).edges.length;
  if (pages(myMany) !== 50 || pages(myFew) !== 5)
    throw new Error(`myCourses returned ${pages(myMany)} and ${pages(myFew)} enrolments, not 50 and 5`);
  const outlineBig = await statements(manyToken, COURSE_OUTLINE, { id: globalId('Course', bigCourse) });
  const outlineSmall = await statements(manyToken, COURSE_OUTLINE, { id: globalId('Course', smallCourse) });
  const lessonsOf = (r: { data: Record<string, unknown> }) =>
    (r.data.course as { modules: { lessons: unknown[] }[] }).modules.reduce(
      (n, m) => n + m.lessons.length,
      0,
    );
  if (lessonsOf(outlineBig) !== 100 || lessonsOf(outlineSmall) !== 4)
    throw new Error('the outlines do not have 100 and 4 lessons');

  d.say('courses: load');
  const myLoad = await d.load(d.praxisUrl, [manyToken], MY_COURSES, [{ first: 50 }], d.seconds);
  const outlineLoad = await d.load(
    d.praxisUrl,
    [manyToken],
    COURSE_OUTLINE,
    [{ id: globalId('Course', bigCourse) }],
    d.seconds,
  );
  const same = (a: number, b: number) => `${a} and ${b}`;
  d.section(
    'Courses: statements per request and throughput',
    [
      {
        measure: 'myCourses(first: 50) with progress: statements, 50 vs 5 enrolments',
        value: same(myMany.n, myFew.n),
        target: `constant: ${d.verdict(myMany.n === myFew.n)}`,
      },
      {
        measure: 'course outline: statements, 10 × 10 vs 2 × 2 lessons',
        value: same(outlineBig.n, outlineSmall.n),
        target: `constant: ${d.verdict(outlineBig.n === outlineSmall.n)}`,
      },
      {
        measure: 'myCourses(first: 50): req/s, p50 / p99',
        value: `${d.fmt(myLoad.rps)} req/s, ${d.fmt(myLoad.p50)} / ${d.fmt(myLoad.p99)} ms (${myLoad.errors} errors)`,
      },
      {
        measure: 'course outline 10 × 10: req/s, p50 / p99',
        value: `${d.fmt(outlineLoad.rps)} req/s, ${d.fmt(outlineLoad.p50)} / ${d.fmt(outlineLoad.p99)} ms (${outlineLoad.errors} errors)`,
      },
    ],
    'One learner enrolled in 50 published courses of 10 modules × 10 lessons (35 lessons done in each), ' +
      'another in 5 of them; the outline is read by the first learner (module states, lesson locks).',
  );
}
