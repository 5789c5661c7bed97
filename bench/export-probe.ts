/**
 * Times a data export (issue 16) for the most active member of the benchmark data set:
 *   DATABASE_URL=postgres://… npx ts-node --transpile-only bench/export-probe.ts [scale]
 * generates the data (bench/generate.ts) into DATABASE_URL (an empty database), picks the practitioner with
 * the most posts and comments, and builds their archive as the export consumer does (one REPEATABLE READ
 * snapshot, then the zip).
 */
import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { generate } from './generate';
import { buildArchive } from '../src/modules/account-export/account-export.archive';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required (an empty database)');
  const scale = Number(process.argv[2] ?? '1');
  const genStarted = Date.now();
  await generate({ databaseUrl, jwtSecret: 'bench-secret-bench-secret-bench-secret-0123', scale });
  console.log(`data generated (scale ${scale}) in ${((Date.now() - genStarted) / 1000).toFixed(1)} s`);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(
    `SELECT * FROM (
       SELECT p."id", (SELECT count(*) FROM post WHERE "authorId" = p."id")::int AS posts,
              (SELECT count(*) FROM comment WHERE "authorId" = p."id")::int AS comments,
              (SELECT count(*) FROM practitioner_follow WHERE "followerId" = p."id")::int AS follows
         FROM practitioner p) x
     ORDER BY x.posts + x.comments DESC LIMIT 1`,
  );
  await client.end();
  const member = rows[0];
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl });
  await dataSource.initialize();
  const started = Date.now();
  const { zip, files } = await dataSource.transaction('REPEATABLE READ', (m) => buildArchive(m, member.id));
  const ms = Date.now() - started;
  await dataSource.destroy();
  console.log(
    `most active member: ${member.posts} posts, ${member.comments} comments, ${member.follows} follows; ` +
      `archive of ${files.length} files, ${zip.byteLength} bytes, built in ${ms} ms`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
