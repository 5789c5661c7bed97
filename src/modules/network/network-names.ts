import { LANGUAGES } from '../../common/i18n/language';
import type { ReferenceCatalog } from '../reference';

/**
 * A name reduced for comparison: compatibility-decomposed, without accents and other combining marks,
 * lower-cased, and without spaces or punctuation (anything but letters and digits). `Côte-d’Ivoire`,
 * `COTE D IVOIRE` and `cote divoire` are one name.
 */
export function comparableName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The comparable names of every reference network's subject, in each language the catalogue holds:
 * countries (the six UN languages), M49 areas (English: the catalogue has no other), thematic areas (the six
 * UN languages), and the given extra names (the named groupings).
 */
export function referenceNames(catalog: ReferenceCatalog, extra: readonly string[]): Set<string> {
  const names = new Set<string>();
  const add = (n: string | undefined) => {
    const c = n ? comparableName(n) : '';
    if (c) names.add(c);
  };
  for (const entity of [
    ...catalog.countries.values(),
    ...catalog.regions.values(),
    ...catalog.thematicAreas.values(),
  ])
    for (const language of LANGUAGES) add(entity.names[language]);
  for (const n of extra) add(n);
  return names;
}

// Something a reader or a client might follow as a link: a URL with a scheme, a `www.` address, an e-mail
// address, or a dotted host name ending in a label of two letters or more (`evil.example`, `unodc.org`).
const LINK_LIKE = [
  /[\p{L}][\p{L}\p{N}+.-]*:\/\//u,
  /(^|[^\p{L}\p{N}])www\./iu,
  /[^\s@]+@[^\s@]+\.[^\s@]+/u,
  /(^|[^\p{L}\p{N}.-])[\p{L}\p{N}-]{2,}(\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/u,
];

/** Whether a name holds a web or e-mail address. */
export function holdsAddress(name: string): boolean {
  return LINK_LIKE.some((re) => re.test(name));
}
