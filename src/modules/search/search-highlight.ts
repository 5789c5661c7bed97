import { normalizeSearchText } from './search-text';

/** A match inside a highlight's text: UTF-16 offsets, as JavaScript strings index. */
export interface HighlightRange {
  start: number;
  length: number;
}

export interface Highlight {
  field: 'title' | 'body';
  text: string;
  ranges: HighlightRange[];
}

/** The most ranges one highlight lists. */
export const MAX_HIGHLIGHT_RANGES = 20;

/** Characters of context a body fragment keeps around its first match. */
const FRAGMENT = 200;

/**
 * The words a highlight looks for: the query's words (not its operators nor its `-excluded` words),
 * normalised as the index is, each cut to a stem-like prefix (the word less two letters, at least four) so
 * that `extraditions` marks `extradition` and `экстрадиции` marks `экстрадиция`.
 */
export function highlightTerms(queryText: string): string[] {
  const words = normalizeSearchText(queryText)
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((w) => w && w !== 'OR' && w !== 'or' && !w.startsWith('-'))
    .map((w) => fold(w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')))
    .filter((w) => w.length > 0);
  const terms = words.map((w) =>
    [...w].length > 5 ? [...w].slice(0, Math.max(4, [...w].length - 2)).join('') : w,
  );
  return [...new Set(terms)];
}

/** Lower case without Latin accents or Arabic marks, one output string per input character. */
function foldChar(c: string): string {
  return /\p{Script=Han}/u.test(c) ? c : normalizeSearchText(c).toLowerCase();
}

function fold(s: string): string {
  return [...s].map(foldChar).join('');
}

/** Where the terms occur in `text` (plain text, never HTML): sorted, non-overlapping ranges. */
export function findRanges(text: string, terms: string[]): HighlightRange[] {
  if (!terms.length || !text) return [];
  // The folded text with, for each of its UTF-16 units, the offset of the character it came from.
  let folded = '';
  const from: number[] = [];
  let offset = 0;
  for (const c of text) {
    const f = foldChar(c);
    for (let i = 0; i < f.length; i++) from.push(offset);
    folded += f;
    offset += c.length;
  }
  from.push(offset);
  const found: HighlightRange[] = [];
  for (const t of terms) {
    let at = folded.indexOf(t);
    while (at >= 0) {
      const start = from[at];
      const end = from[at + t.length] ?? text.length;
      // Extend to the end of the word the term starts (so a stem marks its whole word).
      let stop = end;
      while (
        stop < text.length &&
        /[\p{L}\p{N}\p{M}]/u.test(text[stop]) &&
        !/\p{Script=Han}/u.test(text[stop])
      )
        stop++;
      found.push({ start, length: stop - start });
      at = folded.indexOf(t, at + t.length);
    }
  }
  found.sort((a, b) => a.start - b.start);
  const merged: HighlightRange[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.start + last.length)
      last.length = Math.max(last.length, r.start + r.length - last.start);
    else merged.push({ ...r });
  }
  return merged.slice(0, MAX_HIGHLIGHT_RANGES);
}

/** The highlights of one hit: its title whole, and a fragment of its body around the first match. */
export function highlightsOf(title: string, body: string, terms: string[]): Highlight[] {
  const out: Highlight[] = [];
  if (title) out.push({ field: 'title', text: title, ranges: findRanges(title, terms) });
  if (body) {
    const all = findRanges(body, terms);
    const first = all[0]?.start ?? 0;
    let start = Math.max(0, first - FRAGMENT / 4);
    // Never cut a surrogate pair.
    if (start > 0 && /[\uDC00-\uDFFF]/.test(body[start])) start--;
    let end = Math.min(body.length, start + FRAGMENT);
    if (end < body.length && /[\uDC00-\uDFFF]/.test(body[end])) end++;
    const ranges = all
      .filter((r) => r.start >= start && r.start + r.length <= end)
      .map((r) => ({ start: r.start - start, length: r.length }));
    out.push({ field: 'body', text: body.slice(start, end), ranges });
  }
  return out;
}
