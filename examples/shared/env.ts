// What every example needs to reach the server and sign in; `run.sh` sets these and `setup/main.ts` writes
// the state file (the accounts and posts it created through the API).
import { readFileSync } from 'node:fs';

export interface ExampleState {
  /** A verified member who wrote the published posts of the feed (oldest first). */
  member: { email: string; password: string; postIds: string[] };
  /** A registered account nobody has vetted yet (PENDING): the community answers it FORBIDDEN. */
  pending: { email: string; password: string };
  /** The admin from ADMIN_EMAIL / ADMIN_PASSWORD: approves posts so that they are published. */
  admin: { email: string; password: string };
}

export const HTTP_URL = process.env.PRAXIS_URL ?? 'http://localhost:4000/graphql';
export const WS_URL = HTTP_URL.replace(/^http/, 'ws');

export function loadState(): ExampleState {
  const file = process.env.EXAMPLES_STATE;
  if (!file) throw new Error('EXAMPLES_STATE is not set: run the examples through examples/run.sh');
  return JSON.parse(readFileSync(file, 'utf8')) as ExampleState;
}

/** Prints a passed check, or throws (the script then exits non-zero) with what was expected. */
export function check(condition: unknown, what: string, detail?: unknown): asserts condition {
  if (!condition) {
    throw new Error(`FAILED: ${what}${detail === undefined ? '' : `\n  got: ${JSON.stringify(detail)}`}`);
  }
  console.log(`  ok  ${what}`);
}

/** Runs an example's main function: exit 0 when every check passed, 1 otherwise. */
export function run(name: string, main: () => Promise<void>): void {
  console.log(`== ${name}`);
  const timer = setTimeout(() => {
    console.error(`${name}: timed out after 60 s`);
    process.exit(1);
  }, 60_000);
  main().then(
    () => {
      clearTimeout(timer);
      console.log(`== ${name}: all checks passed`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exit(1);
    },
  );
}
