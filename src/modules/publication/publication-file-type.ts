import { filetypeinfo } from 'magic-bytes.js';
import { unzipSync } from 'fflate';

/** A file type the library accepts: its media type and the extension its downloads are named with. */
export interface AcceptedFileType {
  mime: string;
  extension: string;
}

export const PDF: AcceptedFileType = { mime: 'application/pdf', extension: 'pdf' };
export const DOCX: AcceptedFileType = {
  mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  extension: 'docx',
};
export const XLSX: AcceptedFileType = {
  mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  extension: 'xlsx',
};
export const PPTX: AcceptedFileType = {
  mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  extension: 'pptx',
};
export const EPUB: AcceptedFileType = { mime: 'application/epub+zip', extension: 'epub' };

/** What the library accepts, in the words of the refusal. */
export const ACCEPTED_TYPES_TEXT = 'PDF, DOCX, XLSX, PPTX or EPUB';

/** How many leading bytes the type check needs (the EPUB `mimetype` entry ends at byte 58). */
export const HEAD_BYTES = 64;

const OOXML_PARTS: [string, AcceptedFileType][] = [
  ['word/document.xml', DOCX],
  ['xl/workbook.xml', XLSX],
  ['ppt/presentation.xml', PPTX],
];

/**
 * The type of an uploaded file from its content, never its name or the client's media type: PDF by its
 * signature; a ZIP archive is an EPUB when its first entry is the stored `mimetype` file saying
 * `application/epub+zip` (EPUB OCF), and an OOXML document when it holds `[Content_Types].xml` and the main
 * part of Word, Excel or PowerPoint (entry names read from the central directory, nothing decompressed).
 * Anything else (images, executables, plain text, ODF, legacy .doc, a ZIP of something else): null.
 * `whole` is read only for ZIP archives.
 */
export async function detectFileType(
  head: Uint8Array,
  whole: () => Promise<Uint8Array>,
): Promise<AcceptedFileType | null> {
  const guesses = filetypeinfo(head).map((g) => g.typename);
  if (guesses.includes('pdf')) return PDF;
  if (!guesses.includes('zip')) return null;
  const ascii = Buffer.from(head).toString('latin1');
  if (ascii.slice(30, 38) === 'mimetype' && ascii.slice(38, 58) === 'application/epub+zip') return EPUB;
  const names = new Set<string>();
  try {
    unzipSync(await whole(), {
      filter: (file) => {
        names.add(file.name);
        return false;
      },
    });
  } catch {
    return null; // not a readable ZIP archive
  }
  if (!names.has('[Content_Types].xml')) return null;
  for (const [part, type] of OOXML_PARTS) if (names.has(part)) return type;
  return null;
}
