import crypto from 'node:crypto';
import fs from 'node:fs';

/** The registered operations of trusted-documents mode: document id (sha256 of the body, hex) → document. */
export type TrustedDocuments = ReadonlyMap<string, string>;

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A document id as clients send it: the hex hash, or prefixed with its algorithm (`sha256:<hex>`, as
 * GraphQL Code Generator's client preset and the GraphQL-over-HTTP persisted-documents draft write it). */
const PREFIX = 'sha256:';

/** The hex hash a document id names (`sha256:<hex>` or `<hex>`). */
export function documentHash(id: string): string {
  return id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id;
}

/**
 * Reads a manifest of registered operations in either format the example clients produce, and throws an
 * Error naming the problem when it is not one:
 * - Apollo's persisted query manifest (@apollo/generate-persisted-query-manifest):
 *   `{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }`;
 * - GraphQL Code Generator's client preset `persisted-documents.json`: `{ "sha256:<hex>": "<document>" }`
 *   (or `{ "<hex>": "<document>" }`).
 * Every id must be the sha256 (hex, optionally prefixed `sha256:`) of its document's text: the hash a client
 * sends, with or without the prefix.
 */
export function loadTrustedDocuments(file: string): TrustedDocuments {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  return parseTrustedDocuments(json, file);
}

export function parseTrustedDocuments(json: unknown, file = 'the manifest'): TrustedDocuments {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new Error(
      `${file} must be a JSON object (an Apollo persisted query manifest or a persisted-documents.json)`,
    );
  const entries: [string, unknown][] = [];
  const obj = json as Record<string, unknown>;
  if ('format' in obj || 'operations' in obj) {
    if (
      obj.format !== 'apollo-persisted-query-manifest' ||
      obj.version !== 1 ||
      !Array.isArray(obj.operations)
    )
      throw new Error(
        `${file}: an Apollo manifest needs "format": "apollo-persisted-query-manifest", "version": 1 and an "operations" array`,
      );
    obj.operations.forEach((op: unknown, i) => {
      const o = (op ?? {}) as { id?: unknown; body?: unknown };
      if (typeof o.id !== 'string') throw new Error(`${file}: operations[${i}] has no string "id"`);
      entries.push([o.id, o.body]);
    });
  } else {
    entries.push(...Object.entries(obj));
  }
  const documents = new Map<string, string>();
  for (const [key, body] of entries) {
    const id = documentHash(key);
    if (!SHA256_HEX.test(id))
      throw new Error(
        `${file}: "${key.slice(0, 80)}" is not a sha256 hash (64 hex digits, optionally prefixed sha256:)`,
      );
    if (typeof body !== 'string' || !body.trim())
      throw new Error(`${file}: operation ${id} has no document text`);
    if (crypto.createHash('sha256').update(body).digest('hex') !== id)
      throw new Error(`${file}: operation ${id} is not the sha256 of its document`);
    documents.set(id, body);
  }
  if (!documents.size) throw new Error(`${file} lists no operation`);
  return documents;
}
