import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import type { IOptions } from 'sanitize-html';

/**
 * Markdown → safe HTML, for the `…Html` fields. Two independent lines of defence:
 *
 * 1. markdown-it with raw HTML off (`<script>` and `<a href>` in the source come out as escaped text) and
 *    its own link validation (no `javascript:`, `vbscript:`, `file:` or `data:` links). Images are not
 *    parsed: `![alt](url)` renders as a link to the image, so reading a post never makes the reader's
 *    browser fetch a URL chosen by its author (that would reveal the reader's IP address and the time
 *    they read it to whoever runs that host).
 * 2. sanitize-html on the result with a small allowlist of the tags markdown-it produces, links restricted
 *    to absolute http(s) and mailto URLs and given rel="nofollow noopener noreferrer"; no attribute that
 *    can carry script or style (no `on*`, no `style`, no `src`).
 */
const LINK_REL = 'nofollow noopener noreferrer';
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** An absolute http(s) or mailto URL, else null (relative and other schemes are refused). */
function safeHref(href: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href);
    return LINK_SCHEMES.has(url.protocol) ? href : null;
  } catch {
    return null;
  }
}

const markdown = new MarkdownIt('default', {
  html: false,
  linkify: true,
  typographer: false,
  breaks: false,
}).disable(['image']);
// Stricter than markdown-it's own check: a link to anything but an absolute http(s)/mailto URL (relative,
// protocol-relative, javascript:, data:...) is not made; its Markdown stays as text.
markdown.validateLink = (url) => safeHref(url) !== null;

const SANITIZE: IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], code: ['class'] },
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Anything else is dropped with its text kept (markdown-it with html off emits no other tag).
  disallowedTagsMode: 'discard',
  transformTags: {
    // Second line: markdown-it only makes safe links, but whatever reaches here gets the same rule.
    a: (tagName, attribs) => {
      const href = safeHref(attribs.href);
      return {
        tagName,
        attribs: {
          ...(href ? { href, rel: LINK_REL } : {}),
          ...(attribs.title ? { title: attribs.title } : {}),
        },
      };
    },
  },
};

/** The second line alone: keeps only the allowlisted tags, attributes and links of an HTML fragment. */
export function sanitizeFragment(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Renders Markdown to sanitized HTML (see above for what survives). */
export function renderMarkdown(source: string): string {
  return sanitizeFragment(markdown.render(source));
}

// One response often holds the same text twice (a post in the feed and in `node`, a repeated bio):
// rendering is memoised per request, keyed by the request's context object, which nothing else retains.
const memos = new WeakMap<object, Map<string, string>>();

/** `renderMarkdown`, memoised for the lifetime of `ctx` (one request or one WebSocket operation). */
export function renderMarkdownOnce(ctx: object, source: string): string {
  let memo = memos.get(ctx);
  if (!memo) {
    memo = new Map();
    memos.set(ctx, memo);
  }
  let html = memo.get(source);
  if (html === undefined) {
    html = renderMarkdown(source);
    memo.set(source, html);
  }
  return html;
}

/** Field descriptions, so that the SDL tells every client how to display these texts. */
export const markdownSourceNote = (htmlField: string) =>
  'Markdown source (CommonMark with tables, strikethrough and autolinks). Do not insert it into a page as ' +
  `HTML: display \`${htmlField}\`, or render it yourself with raw HTML disabled and sanitize the result.`;

export const RENDERED_HTML_NOTE =
  'Sanitized HTML rendered by the server from the Markdown source, safe to insert into a page as it is: ' +
  'raw HTML in the source comes out as text; links keep only absolute http, https and mailto URLs and carry ' +
  'rel="nofollow noopener noreferrer"; an image becomes a link to it (no remote image is ever loaded); no ' +
  'script, style or event attribute survives. Rendered only when selected.';

export const PLAIN_TEXT_NOTE = 'Plain text, not Markdown: display it escaped.';
