import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET } from './server';

export const ROOT = path.resolve(__dirname, '../..');

/** A server started as a real process from a compiled build. */
export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** Its JSON log lines so far. */
  lines: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/**
 * Compiles the server into `buildDir` (each test file that spawns servers has a directory of its own: jest may
 * run them at the same time).
 */
export function buildServer(buildDir: string): void {
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', buildDir],
    { cwd: ROOT },
  );
}

/**
 * Starts `buildDir`'s server as `npm start` does, with test defaults (any free port, no demo data, the test
 * JWT secret) under `env`, and waits for its "ready" line (the one with its URL).
 */
export function startServerProcess(buildDir: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(buildDir, 'src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          lines.push(parsed);
          if (typeof parsed.url === 'string') resolve({ child, url: parsed.url, lines, exited });
        } catch {
          /* not JSON */
        }
      }
    });
    void exited.then((code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
  });
}
