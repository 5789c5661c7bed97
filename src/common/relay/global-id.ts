import { BadUserInputError } from '../errors/errors';

// Lower case only, as the database returns uuids: one object has one ID (an upper-case variant would
// reach the row in SQL but miss it in DataLoader maps keyed by the stored id).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Node types and how their local ids look: the app registers the ones the module manifests declare. */
const localIdPatterns = new Map<string, RegExp>();

export function registerNodeType(typeName: string, localId?: RegExp): void {
  localIdPatterns.set(typeName, localId ?? UUID);
}

/** The uuid pattern of local ids, for types whose local id is made of several uuids. */
export const UUID_PATTERN = UUID.source.slice(1, -1);

export function toGlobalId(typeName: string, localId: string): string {
  return Buffer.from(`${typeName}:${localId}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  typeName: string;
  id: string;
}

/** Decodes an opaque ID; a malformed one, or one of an unknown type, is BAD_USER_INPUT. */
export function fromGlobalId(globalId: string, argName = 'id'): DecodedId {
  const bad = () =>
    new BadUserInputError(`${argName} is not a valid ID.`, [
      { field: argName, message: 'is not a valid ID' },
    ]);
  if (typeof globalId !== 'string' || globalId.length > 200 || !/^[A-Za-z0-9_-]+$/.test(globalId))
    throw bad();
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw bad();
  const typeName = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  const pattern = localIdPatterns.get(typeName);
  if (!pattern || !pattern.test(id)) throw bad();
  return { typeName, id };
}

/** Decodes an ID that must be of one type (e.g. a practitioner id argument). */
export function fromGlobalIdOf(expectedType: string, globalId: string, argName = 'id'): string {
  const decoded = fromGlobalId(globalId, argName);
  if (decoded.typeName !== expectedType) {
    throw new BadUserInputError(`${argName} is not the ID of a ${expectedType}.`, [
      { field: argName, message: `must be the ID of a ${expectedType}` },
    ]);
  }
  return decoded.id;
}
