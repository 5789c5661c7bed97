import { DOCX, EPUB, PDF, PPTX, XLSX } from './publication-file-type';

const EXTENSIONS = new Map([PDF, DOCX, XLSX, PPTX, EPUB].map((t) => [t.mime, t.extension]));

/**
 * The Content-Disposition of a version's download (RFC 6266): `attachment`, an ASCII `filename` fallback
 * (letters, digits, `.`, `-`, `_`; everything else becomes `_`) and, when the title is not plain ASCII, the
 * exact name as `filename*` (RFC 5987, UTF-8, percent-encoded). The name is the version's title with the
 * extension of the type found in its content; the uploader's file name is never used.
 */
export function contentDisposition(title: string, contentType: string): string {
  const extension = EXTENSIONS.get(contentType) ?? 'bin';
  const base =
    title
      .normalize('NFC')
      .replace(/[\u0000-\u001f\u007f/\\]+/g, ' ')
      .trim()
      .slice(0, 150) || 'file';
  const full = `${base}.${extension}`;
  const ascii =
    base
      .replace(/[^A-Za-z0-9._ -]+/g, '_')
      .replace(/\s+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^[._]+|[._]+$/g, '') || 'file';
  const fallback = `${ascii}.${extension}`;
  if (full === fallback) return `attachment; filename="${fallback}"`;
  const encoded = encodeURIComponent(full).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
