import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

/**
 * Where uploaded files are kept: a small stream-based interface, so that another adapter (object storage)
 * can replace the disk one without touching its callers. Keys are opaque strings chosen by the caller
 * (uuids); an adapter never interprets them as paths.
 */
export interface FileStorage {
  /** Writes the stream under `key`; on any error nothing stays under the key. */
  put(key: string, body: Readable): Promise<void>;
  /** A stream of the bytes under `key`, or null when there is none. */
  get(key: string): Promise<Readable | null>;
  /** Removes what is under `key` (nothing when there is none). */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9-]{1,100}$/;

/** The default adapter: one file per key under `dir` (STORAGE_DIR), written to a temporary name first. */
export class DiskFileStorage implements FileStorage {
  constructor(private readonly dir: string) {}

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid storage key "${key}"`);
    return path.join(this.dir, key);
  }

  async put(key: string, body: Readable): Promise<void> {
    const target = this.pathOf(key);
    await fs.promises.mkdir(this.dir, { recursive: true });
    const partial = `${target}.partial`;
    try {
      await pipeline(body, fs.createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await fs.promises.rename(partial, target);
    } catch (err) {
      await fs.promises.rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      const handle = await fs.promises.open(file, 'r');
      return handle.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }
}
