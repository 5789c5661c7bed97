/**
 * Text normalisation for search, applied the same way to what is indexed and to what is asked, so that both
 * sides meet: Latin letters lose their accents (`École` → `Ecole`), Arabic loses its diacritics, tatweel and
 * the و/ف/ب/ل and ال prefixes, and runs of Chinese characters are cut into words by `Intl.Segmenter` (PostgreSQL
 * does not segment Chinese) and joined with spaces.
 */

/** The PostgreSQL text-search configuration of each language ('' and Chinese: simple). */
const CONFIGS: Record<string, string> = {
  ar: 'arabic',
  en: 'english',
  fr: 'french',
  ru: 'russian',
  es: 'spanish',
};

/** The text-search configuration for a language code. */
export function searchConfig(language: string): string {
  return CONFIGS[language] ?? 'simple';
}

/** Every configuration a document may be indexed with, as (language, config) pairs. */
export const SEARCH_CONFIGS: ReadonlyArray<[string, string]> = [
  ...Object.entries(CONFIGS),
  ['zh', 'simple'],
  ['', 'simple'],
];

const LATIN_ACCENTS = /(\p{Script=Latin})\p{M}+/gu;
// Arabic harakat, superscript alef and other marks; tatweel.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
// A word starting with a conjunction/preposition prefix and/or the article: وال، فال، بال، لل، ال، و.
const ARABIC_PREFIX =
  /(^|[^\p{L}\p{N}])(?:[وف]?(?:بال|كال|ال|لل)|[وف](?=[\u0621-\u064A]{3,}))(?=[\u0621-\u064A]{2,})/gu;
const ARABIC_LETTERS = /[إأآٱ]/g;
const HAN_RUN = /[\p{Script=Han}]+/gu;

let segmenter: Intl.Segmenter | null = null;

function segmentChinese(run: string): string {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const words: string[] = [];
  for (const s of segmenter.segment(run)) if (s.isWordLike) words.push(s.segment);
  return ` ${words.join(' ')} `;
}

/** Normalises text for indexing or querying (the same function on both sides). */
export function normalizeSearchText(text: string): string {
  let t = text.normalize('NFD').replace(LATIN_ACCENTS, '$1').normalize('NFC');
  t = t.replace(ARABIC_MARKS, '').replace(ARABIC_LETTERS, 'ا');
  t = t.replace(ARABIC_PREFIX, '$1');
  t = t.replace(HAN_RUN, segmentChinese);
  return t;
}
