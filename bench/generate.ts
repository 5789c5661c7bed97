import 'reflect-metadata';
import pino from 'pino';
import { Client } from 'pg';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/db/data-source';
import { runMigrations } from '../src/db/migrate';
import { bootstrapData } from '../src/db/bootstrap';
import { ReferenceCatalog } from '../src/modules/reference/reference.catalog';
import { createServices } from '../src/app/services';
import { hashPassword } from '../src/common/auth/password';
import { rebuildTimelineSql } from '../src/modules/feed/home-timeline';
import { Random, Zipf } from './random';
import { Vocabulary } from './vocabulary';

export const BENCH_PASSWORD = 'bench-password-not-secret';

export interface GenerateOptions {
  databaseUrl: string;
  jwtSecret: string;
  /** 1 = 10,000 practitioners, 100,000 posts, 300,000 follows, 50,000 comments. */
  scale: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface GeneratedData {
  /** Practitioner ids by popularity rank: index 0 is the most followed and most prolific author. */
  practitionerIds: string[];
  /** The most popular author, followed by every other practitioner. */
  star: string;
  /** An author with exactly 10 followers. */
  quiet: string;
  /** A global moderator (reviews the posts of the write-path and fan-out measurements). */
  moderator: string;
  /** PENDING_REVIEW posts kept for the measurements that publish. */
  pendingPosts: { star: string[]; quiet: string[] };
  /** Published COMMUNITY posts with the most comments, most commented first. */
  hotPosts: string[];
  counts: Record<string, number>;
  ms: { schema: number; data: number; timelines: number; analyze: number };
}

const PROFESSIONS = [
  'PROSECUTOR',
  'JUDGE',
  'INVESTIGATOR',
  'CENTRAL_AUTHORITY',
  'POLICY_MAKER',
  'DEFENCE_LAWYER',
  'ACADEMIC',
  'INTERNATIONAL_ORGANIZATION',
  'OTHER',
];
const LANGUAGES = ['en', 'fr', 'es', 'ar', 'ru', 'zh'];
const LANGUAGE_WEIGHTS = new Zipf(LANGUAGES.length, 1.2);
const CONTACT_VISIBILITY = ['NOBODY', 'CONTACTS', 'VERIFIED_MEMBERS'];
/** Texts: a few thousand words per language with Zipf frequencies (bench/vocabulary.ts). */
const VOCABULARY = new Vocabulary(LANGUAGES, 15);

function words(random: Random, n: number, language = 'en'): string {
  return VOCABULARY.words(random, n, language);
}

function pgArray(values: readonly string[]): string {
  return `{${values.join(',')}}`;
}

/**
 * Inserts rows with one statement per batch: every column is sent as one text array and unnested, then
 * cast to its SQL type (enums and arrays included), which is as fast as COPY for these sizes.
 */
async function insertRows(
  client: Client,
  table: string,
  columns: ReadonlyArray<readonly [name: string, sqlType: string]>,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>,
  batchSize = 5000,
): Promise<void> {
  const select = columns.map(([, type], i) => `c${i}::${type}`).join(', ');
  const unnest = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const alias = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO "${table}" (${columns.map(([n]) => `"${n}"`).join(', ')})
    SELECT ${select} FROM unnest(${unnest}) AS t(${alias})`;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params = columns.map((_, i) => batch.map((r) => (r[i] === null ? null : String(r[i]))));
    await client.query(sql, params);
  }
}

/** Migrations (the project's runner) and the reference networks, as the server does at start-up. */
export async function prepareSchema(databaseUrl: string, jwtSecret: string): Promise<void> {
  const config = loadConfig(
    { NODE_ENV: 'production', DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret, SEED_DEMO: 'false' },
    '/nonexistent',
  );
  const logger = pino({ level: 'silent' });
  const database = createDataSource(config.database, logger);
  await database.dataSource.initialize();
  try {
    await runMigrations(database.dataSource);
    const catalog = await ReferenceCatalog.load(database.dataSource);
    const services = createServices(database.dataSource, catalog, config);
    await bootstrapData(database.dataSource, services, config, logger);
  } finally {
    await database.dataSource.destroy();
  }
}

export async function generate(options: GenerateOptions): Promise<GeneratedData> {
  const log = options.log ?? (() => undefined);
  const random = new Random(options.seed ?? 20261128);
  const scale = options.scale;
  const nPractitioners = Math.max(200, Math.round(10_000 * scale));
  const nPosts = Math.round(100_000 * scale);
  const nFollows = Math.round(300_000 * scale);
  const nComments = Math.round(50_000 * scale);
  const nEndorsements = Math.round(150_000 * scale);
  const nBookmarks = Math.round(30_000 * scale);
  const started = Date.now();

  await prepareSchema(options.databaseUrl, options.jwtSecret);
  const schemaMs = Date.now() - started;

  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const countries: string[] = (await client.query(`SELECT code FROM country ORDER BY code`)).rows.map(
      (r) => r.code,
    );
    const areas: string[] = (
      await client.query(`SELECT code FROM thematic_area ORDER BY "sortOrder"`)
    ).rows.map((r) => r.code);
    const networks: {
      id: string;
      kind: string;
      countryCode: string | null;
      thematicAreaCode: string | null;
    }[] = (
      await client.query(`SELECT id, kind, "countryCode", "thematicAreaCode" FROM network ORDER BY name, id`)
    ).rows;
    const countryNetwork = new Map(networks.filter((n) => n.countryCode).map((n) => [n.countryCode!, n.id]));
    const thematicNetworks = networks.filter((n) => n.kind === 'THEMATIC').map((n) => n.id);
    const otherNetworks = networks.filter((n) => n.kind === 'REGIONAL').map((n) => n.id);

    // A few countries hold most members (Zipf over a shuffled country list).
    const countryOrder = random.sample(countries, countries.length);
    const countryZipf = new Zipf(countryOrder.length, 1.1);
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const epoch = Date.parse('2024-01-01T00:00:00Z');
    const span = Date.parse('2026-11-01T00:00:00Z') - epoch;

    // ---- practitioners (index = popularity rank)
    const ids = Array.from({ length: nPractitioners }, () => random.uuid());
    const country = ids.map(() => countryOrder[countryZipf.draw(random)]);
    const moderatorIndex = nPractitioners - 2;
    const quietIndex = nPractitioners - 1;
    const practitionerRows = ids.map((id, i) => {
      const created = new Date(epoch + random.int(span / 4)).toISOString();
      return [
        id,
        `bench${i}@bench.praxis.example`,
        `bench${i}@bench.praxis.example`,
        passwordHash,
        `${random.pick(['Amina', 'Jean', 'Olga', 'Li', 'Carlos', 'Fatima', 'Ivan', 'Sofia', 'Omar', 'Chen'])} ${random.pick(['Diallo', 'Martin', 'Petrova', 'Wang', 'García', 'Benali', 'Ivanov', 'Rossi', 'Haddad', 'Zhou'])} ${i}`,
        country[i],
        random.chance(0.7) ? `${words(random, 2)} office` : null,
        random.chance(0.6) ? `Senior ${words(random, 1)} officer` : null,
        random.pick(PROFESSIONS),
        random.chance(0.5) ? words(random, 30) : null,
        pgArray(random.sample(LANGUAGES, random.between(1, 3))),
        pgArray(random.sample(areas, random.between(1, 3))),
        random.pick(CONTACT_VISIBILITY),
        i === 1 ? 'ADMIN' : i === moderatorIndex ? 'MODERATOR' : random.chance(0.02) ? 'EXPERT' : 'MEMBER',
        'VERIFIED',
        created,
        created,
        created,
      ];
    });
    await insertRows(
      client,
      'practitioner',
      [
        ['id', 'uuid'],
        ['email', 'varchar'],
        ['emailNormalized', 'varchar'],
        ['passwordHash', 'varchar'],
        ['displayName', 'varchar'],
        ['countryCode', 'char(2)'],
        ['organization', 'varchar'],
        ['position', 'varchar'],
        ['profession', 'profession'],
        ['bio', 'text'],
        ['languages', 'text[]'],
        ['thematicAreaCodes', 'text[]'],
        ['contactVisibility', 'contact_visibility'],
        ['role', 'role'],
        ['verification', 'verification_status'],
        ['verifiedAt', 'timestamptz'],
        ['createdAt', 'timestamptz'],
        ['updatedAt', 'timestamptz'],
      ],
      practitionerRows,
    );
    log(`practitioners: ${nPractitioners}`);

    // ---- network memberships: everyone in their country's network, most in one to three thematic ones
    const memberships: string[][] = ids.map(() => []);
    const memberRows: string[][] = [];
    ids.forEach((id, i) => {
      const own = [countryNetwork.get(country[i])!, ...random.sample(thematicNetworks, random.between(0, 3))];
      if (random.chance(0.2)) own.push(random.pick(otherNetworks));
      memberships[i] = [...new Set(own)];
      for (const networkId of memberships[i])
        memberRows.push([networkId, id, 'MEMBER', 'ACTIVE', practitionerRows[i][15] as string]);
    });
    await insertRows(
      client,
      'network_member',
      [
        ['networkId', 'uuid'],
        ['practitionerId', 'uuid'],
        ['role', 'network_role'],
        ['status', 'membership_status'],
        ['joinedAt', 'timestamptz'],
      ],
      memberRows,
    );
    await client.query(
      `UPDATE network n SET "memberCount" = m.n FROM (SELECT "networkId", count(*)::int AS n FROM network_member
        WHERE status = 'ACTIVE' GROUP BY "networkId") m WHERE m."networkId" = n.id`,
    );
    const networkFollowRows: string[][] = [];
    ids.forEach((id, i) => {
      if (!random.chance(0.3)) return;
      for (const networkId of random.sample(thematicNetworks, random.between(1, 2)))
        if (!memberships[i].includes(networkId)) networkFollowRows.push([id, networkId]);
    });
    await insertRows(
      client,
      'network_follow',
      [
        ['followerId', 'uuid'],
        ['networkId', 'uuid'],
      ],
      networkFollowRows,
    );
    log(`network memberships: ${memberRows.length}, network follows: ${networkFollowRows.length}`);

    // ---- follows: the star is followed by everyone; the quiet author by exactly 10; the rest Zipf-like
    const followees = ids.map(() => new Set<number>());
    for (let i = 1; i < nPractitioners; i++) followees[i].add(0);
    for (let k = 0; k < 10; k++) followees[k + 2].add(quietIndex);
    let follows = nPractitioners - 1 + 10;
    const followZipf = new Zipf(nPractitioners - 2, 0.8);
    let guard = 0;
    while (follows < nFollows && guard++ < nFollows * 20) {
      const follower = random.int(nPractitioners);
      const followee = followZipf.draw(random);
      if (followee === follower || followees[follower].has(followee)) continue;
      followees[follower].add(followee);
      follows++;
    }
    const followRows: string[][] = [];
    followees.forEach((set, follower) => {
      for (const followee of set)
        followRows.push([ids[follower], ids[followee], new Date(epoch + random.int(span)).toISOString()]);
    });
    await insertRows(
      client,
      'practitioner_follow',
      [
        ['followerId', 'uuid'],
        ['followeeId', 'uuid'],
        ['createdAt', 'timestamptz'],
      ],
      followRows,
    );
    log(`follows: ${followRows.length}`);

    // ---- posts: authors Zipf by rank (a few very prolific), mostly published, some shared with networks
    const authorZipf = new Zipf(nPractitioners - 2, 1.0);
    const postIds: string[] = [];
    const postAuthor: number[] = [];
    const postPublished: boolean[] = [];
    const postCommunity: boolean[] = [];
    const postPublishedAt: number[] = [];
    const postLanguage: string[] = [];
    const postRows: (string | number | boolean | null)[][] = [];
    const postNetworkRows: string[][] = [];
    const addPost = (author: number, status: string, community = false) => {
      const id = random.uuid();
      const published = status === 'PUBLISHED';
      const at = epoch + random.int(span);
      const networksOnly = !community && random.chance(0.15);
      const shared = networksOnly || random.chance(0.2) ? random.sample(memberships[author], 1) : [];
      for (const networkId of shared) postNetworkRows.push([id, networkId]);
      postIds.push(id);
      postAuthor.push(author);
      postPublished.push(published);
      postCommunity.push(!networksOnly);
      postPublishedAt.push(at);
      const createdAt = new Date(at - random.int(7 * 86400_000)).toISOString();
      // The words are drawn before the language (in the order of the former generator's draws).
      const title = VOCABULARY.draw(random, random.between(3, 9));
      const summary = VOCABULARY.draw(random, random.between(15, 40));
      const body = VOCABULARY.draw(random, random.between(60, 160));
      const language = LANGUAGES[LANGUAGE_WEIGHTS.draw(random)];
      postLanguage.push(language);
      postRows.push([
        id,
        ids[author],
        VOCABULARY.render(title, language).slice(0, 200),
        VOCABULARY.render(summary, language).slice(0, 500),
        VOCABULARY.render(body, language),
        language,
        pgArray(random.sample(countryOrder.slice(0, 60), random.between(1, 2))),
        pgArray(random.sample(areas, random.between(1, 2))),
        networksOnly ? 'NETWORKS' : 'COMMUNITY',
        status,
        published ? new Date(at).toISOString() : null,
        createdAt,
        published ? new Date(at).toISOString() : createdAt,
      ]);
    };
    for (let k = 0; k < nPosts; k++) {
      const r = random.next();
      addPost(
        authorZipf.draw(random),
        r < 0.92 ? 'PUBLISHED' : r < 0.96 ? 'DRAFT' : r < 0.98 ? 'PENDING_REVIEW' : 'CHANGES_REQUESTED',
      );
    }
    // The quiet author has a few published posts; both keep pending COMMUNITY posts (every follower may read
    // them) for the publishing measurements.
    for (let k = 0; k < 5; k++) addPost(quietIndex, 'PUBLISHED');
    const pendingFrom = postIds.length;
    for (let k = 0; k < 40; k++) addPost(0, 'PENDING_REVIEW', true);
    for (let k = 0; k < 30; k++) addPost(quietIndex, 'PENDING_REVIEW', true);
    const pendingPosts = {
      star: postIds.slice(pendingFrom, pendingFrom + 40),
      quiet: postIds.slice(pendingFrom + 40),
    };
    await insertRows(
      client,
      'post',
      [
        ['id', 'uuid'],
        ['authorId', 'uuid'],
        ['title', 'varchar'],
        ['summary', 'varchar'],
        ['body', 'text'],
        ['language', 'varchar'],
        ['countryCodes', 'text[]'],
        ['thematicAreaCodes', 'text[]'],
        ['visibility', 'post_visibility'],
        ['status', 'post_status'],
        ['publishedAt', 'timestamptz'],
        ['createdAt', 'timestamptz'],
        ['updatedAt', 'timestamptz'],
      ],
      postRows,
      4000,
    );
    await insertRows(
      client,
      'post_network',
      [
        ['postId', 'uuid'],
        ['networkId', 'uuid'],
      ],
      postNetworkRows,
    );
    log(`posts: ${postRows.length} (${postNetworkRows.length} shared with networks)`);

    // ---- comments, endorsements, bookmarks on published COMMUNITY posts; a few posts draw most of them
    const open = postIds.map((_, i) => i).filter((i) => postPublished[i] && postCommunity[i]);
    const hotOrder = random.sample(open, open.length);
    const postZipf = new Zipf(hotOrder.length, 1.0);
    const peopleZipf = new Zipf(nPractitioners, 0.6);
    const topLevel = new Map<number, string[]>();
    const commentRows: (string | null)[][] = [];
    for (let k = 0; k < nComments; k++) {
      const post = hotOrder[postZipf.draw(random)];
      const id = random.uuid();
      const siblings = topLevel.get(post) ?? [];
      const parent = siblings.length && random.chance(0.25) ? random.pick(siblings) : null;
      if (!parent) topLevel.set(post, [...siblings, id]);
      const at = postPublishedAt[post] + random.int(30 * 86400_000);
      commentRows.push([
        id,
        postIds[post],
        ids[peopleZipf.draw(random)],
        parent,
        words(random, random.between(8, 60), postLanguage[post]),
        new Date(at).toISOString(),
      ]);
    }
    await insertRows(
      client,
      'comment',
      [
        ['id', 'uuid'],
        ['postId', 'uuid'],
        ['authorId', 'uuid'],
        ['parentId', 'uuid'],
        ['body', 'text'],
        ['createdAt', 'timestamptz'],
      ],
      commentRows,
    );
    const pairs = (n: number) => {
      const seen = new Set<string>();
      const rows: string[][] = [];
      for (let k = 0; k < n * 2 && rows.length < n; k++) {
        const post = hotOrder[postZipf.draw(random)];
        const who = random.int(nPractitioners);
        const key = `${post}:${who}`;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push([postIds[post], ids[who]]);
      }
      return rows;
    };
    const endorsementRows = pairs(nEndorsements);
    await insertRows(
      client,
      'post_endorsement',
      [
        ['postId', 'uuid'],
        ['practitionerId', 'uuid'],
      ],
      endorsementRows,
    );
    const bookmarkRows = pairs(nBookmarks);
    await insertRows(
      client,
      'post_bookmark',
      [
        ['postId', 'uuid'],
        ['practitionerId', 'uuid'],
      ],
      bookmarkRows,
    );
    // The denormalized counters, as the services keep them.
    await client.query(
      `UPDATE post p SET "commentCount" = c.n FROM (SELECT "postId", count(*)::int AS n FROM comment
        WHERE "deletedAt" IS NULL GROUP BY "postId") c WHERE c."postId" = p.id`,
    );
    await client.query(
      `UPDATE post p SET "endorsementCount" = e.n FROM (SELECT "postId", count(*)::int AS n FROM post_endorsement
        GROUP BY "postId") e WHERE e."postId" = p.id`,
    );
    log(
      `comments: ${commentRows.length}, endorsements: ${endorsementRows.length}, bookmarks: ${bookmarkRows.length}`,
    );

    // ---- blocks: about 2 % of the practitioners block one other (drawn last, so that every row above stays
    // as it was). None involves the star, the quiet author or the moderator, whose followers the publishing
    // measurements count. A block ends the follows between the two, either way, as the block service does.
    const reserved = new Set([0, quietIndex, moderatorIndex]);
    const blockPairs = new Set<string>();
    const blockRows: string[][] = [];
    for (let i = 0; i < nPractitioners; i++) {
      if (reserved.has(i) || !random.chance(0.02)) continue;
      const other = random.int(nPractitioners);
      if (other === i || reserved.has(other) || blockPairs.has(`${other}:${i}`)) continue;
      blockPairs.add(`${i}:${other}`);
      blockRows.push([ids[i], ids[other]]);
    }
    await insertRows(
      client,
      'practitioner_block',
      [
        ['blockerId', 'uuid'],
        ['blockedId', 'uuid'],
      ],
      blockRows,
    );
    const unfollowed = await client.query(
      `DELETE FROM practitioner_follow f USING practitioner_block b
        WHERE (f."followerId" = b."blockerId" AND f."followeeId" = b."blockedId")
           OR (f."followerId" = b."blockedId" AND f."followeeId" = b."blockerId")`,
    );
    log(`blocks: ${blockRows.length} (follows they ended: ${unfollowed.rowCount ?? 0})`);
    const dataMs = Date.now() - started - schemaMs;

    const analyzeStarted = Date.now();
    await client.query('VACUUM ANALYZE');
    const analyzeMs = Date.now() - analyzeStarted;

    // Every practitioner's home timeline, built as a server builds one on first read (fan-out keeps it
    // after that), once the planner has the data's statistics: the feed measurements then read timelines as production holds them.
    const timelinesStarted = Date.now();
    const builders = await Promise.all(
      [0, 1].map(async () => {
        const c = new Client({ connectionString: options.databaseUrl });
        await c.connect();
        return c;
      }),
    );
    try {
      let next = 0;
      await Promise.all(
        builders.map(async (c) => {
          while (next < ids.length) {
            const readerId = ids[next++];
            await c.query('BEGIN');
            for (const statement of rebuildTimelineSql(readerId))
              await c.query(statement.text, statement.values);
            await c.query('COMMIT');
          }
        }),
      );
    } finally {
      await Promise.all(builders.map((c) => c.end()));
    }
    const timelinesMs = Date.now() - timelinesStarted;
    await client.query('ANALYZE home_timeline, home_timeline_state');
    log(`home timelines: ${ids.length} built in ${timelinesMs} ms`);

    const hot: { id: string }[] = (
      await client.query(
        `SELECT id FROM post WHERE status = 'PUBLISHED' AND visibility = 'COMMUNITY' ORDER BY "commentCount" DESC, id LIMIT 20`,
      )
    ).rows;
    return {
      practitionerIds: ids,
      star: ids[0],
      quiet: ids[quietIndex],
      moderator: ids[moderatorIndex],
      pendingPosts,
      hotPosts: hot.map((r) => r.id),
      counts: {
        practitioners: nPractitioners,
        posts: postRows.length,
        publishedPosts: postPublished.filter(Boolean).length,
        follows: followRows.length - (unfollowed.rowCount ?? 0),
        blocks: blockRows.length,
        comments: commentRows.length,
        endorsements: endorsementRows.length,
        bookmarks: bookmarkRows.length,
        networkMemberships: memberRows.length,
        networkFollows: networkFollowRows.length,
        starFollowers: nPractitioners - 1,
        quietFollowers: 10,
      },
      ms: { schema: schemaMs, data: dataMs, timelines: timelinesMs, analyze: analyzeMs },
    };
  } finally {
    await client.end();
  }
}
