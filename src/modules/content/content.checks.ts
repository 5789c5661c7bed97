import { BadUserInputError } from '../../common/errors/errors';
import type { ReferenceCatalog } from '../reference';

/** Thematic area codes of content or of a filter: BAD_USER_INPUT naming `field` when one is unknown. */
export function checkThematicAreas(catalog: ReferenceCatalog, codes: string[], field: string): string[] {
  const unknown = codes.filter((c) => !catalog.thematicArea(c));
  if (unknown.length)
    throw new BadUserInputError(`Unknown thematic area codes: ${unknown.join(', ')}.`, [
      { field, message: `unknown codes ${unknown.join(', ')}` },
    ]);
  return codes;
}
