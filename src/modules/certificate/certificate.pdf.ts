import fs from 'node:fs';
import path from 'node:path';
import bidiFactory from 'bidi-js';

/** The six UN languages a certificate is printed in. */
export const CERTIFICATE_LANGUAGES = ['AR', 'ZH', 'EN', 'FR', 'RU', 'ES'] as const;
export type CertificateLanguage = (typeof CERTIFICATE_LANGUAGES)[number];

/** The font files looked for under the font directory (the Debian packages fonts-noto-core and fonts-noto-cjk). */
const FONT_FILES = {
  latin: 'NotoSans-Regular.ttf',
  latinBold: 'NotoSans-Bold.ttf',
  arabic: 'NotoNaskhArabic-Regular.ttf',
  arabicBold: 'NotoNaskhArabic-Bold.ttf',
  cjk: 'NotoSansCJK-Regular.ttc',
  cjkBold: 'NotoSansCJK-Bold.ttc',
} as const;
type FontKey = keyof typeof FONT_FILES;
/** The face of a collection (.ttc) to use: Simplified Chinese. */
const COLLECTION_FACE: Partial<Record<FontKey, string>> = {
  cjk: 'NotoSansCJKsc-Regular',
  cjkBold: 'NotoSansCJKsc-Bold',
};

/** A font the certificate needs is not installed, or a text has characters no installed font has. */
export class CertificateFontError extends Error {}

interface Wording {
  title: string;
  certifies: string;
  completed: string;
  issued: string;
  code: string;
  revoked: string;
}

const WORDING: Record<CertificateLanguage, Wording> = {
  EN: {
    title: 'Certificate of completion',
    certifies: 'This certifies that',
    completed: 'has completed the course',
    issued: 'Issued on',
    code: 'Verification code',
    revoked: 'REVOKED',
  },
  FR: {
    title: 'Certificat de réussite',
    certifies: 'Il est certifié que',
    completed: 'a suivi avec succès le cours',
    issued: 'Délivré le',
    code: 'Code de vérification',
    revoked: 'RÉVOQUÉ',
  },
  ES: {
    title: 'Certificado de finalización',
    certifies: 'Se certifica que',
    completed: 'ha completado el curso',
    issued: 'Expedido el',
    code: 'Código de verificación',
    revoked: 'REVOCADO',
  },
  RU: {
    title: 'Сертификат об окончании курса',
    certifies: 'Настоящим удостоверяется, что',
    completed: 'успешно окончил(а) курс',
    issued: 'Дата выдачи',
    code: 'Код проверки',
    revoked: 'ОТОЗВАН',
  },
  AR: {
    title: 'شهادة إتمام',
    certifies: 'يشهد بأن',
    completed: 'قد أتم الدورة التدريبية',
    issued: 'تاريخ الإصدار',
    code: 'رمز التحقق',
    revoked: 'ملغاة',
  },
  ZH: {
    title: '结业证书',
    certifies: '兹证明',
    completed: '已完成课程',
    issued: '颁发日期',
    code: '验证码',
    revoked: '已撤销',
  },
};

/** What a certificate's PDF shows. */
export interface CertificateSheet {
  language: CertificateLanguage;
  holderName: string;
  courseTitle: string;
  issuedAt: Date;
  code: string;
  revoked: boolean;
  /** Where anyone checks the code (printed under it), e.g. `https://praxis.example/certificates/verify`. */
  verifyUrl?: string | null;
}

const bidi = bidiFactory();
/**
 * Giving pdfkit features makes it lay out a run whole (fontkit shapes it and orders right-to-left scripts);
 * without them it lays out word by word, which puts the words of an Arabic line in the wrong order.
 */
const SHAPING = { features: ['kern'] as PDFKit.Mixins.OpenTypeFeatures[] };
const fontPaths = new Map<string, Map<string, string>>();
/** Font files read once per process (fonts are not expected to change while it runs). */
const fontBytes = new Map<string, Buffer>();

/** Every file under `dir` by its name (searched once per directory: Debian spreads fonts over subfolders). */
function filesUnder(dir: string): Map<string, string> {
  let found = fontPaths.get(dir);
  if (found) return found;
  found = new Map();
  const walk = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && depth < 6) walk(p, depth + 1);
      else if (e.isFile() && !found!.has(e.name)) found!.set(e.name, p);
    }
  };
  walk(dir, 0);
  fontPaths.set(dir, found);
  return found;
}

/** The font files of the directory, or a CertificateFontError naming the missing ones. */
export function certificateFonts(fontDir: string): Record<FontKey, string> {
  const files = filesUnder(fontDir);
  const missing = Object.values(FONT_FILES).filter((f) => !files.has(f));
  if (missing.length) {
    fontPaths.delete(fontDir); // look again next time (fonts may be installed meanwhile)
    throw new CertificateFontError(
      `Certificate fonts missing under ${fontDir} (PDF_FONT_DIR): ${missing.join(', ')}. ` +
        'Install the Debian packages fonts-noto-core and fonts-noto-cjk.',
    );
  }
  return Object.fromEntries(
    Object.entries(FONT_FILES).map(([key, file]) => [key, files.get(file)!]),
  ) as Record<FontKey, string>;
}

const isArabic = (cp: number) =>
  (cp >= 0x0600 && cp <= 0x06ff) ||
  (cp >= 0x0750 && cp <= 0x077f) ||
  (cp >= 0x08a0 && cp <= 0x08ff) ||
  (cp >= 0xfb50 && cp <= 0xfdff) ||
  (cp >= 0xfe70 && cp <= 0xfeff);
const isCjk = (cp: number) =>
  (cp >= 0x2e80 && cp <= 0x9fff) ||
  (cp >= 0xac00 && cp <= 0xd7af) ||
  (cp >= 0xf900 && cp <= 0xfaff) ||
  (cp >= 0xff00 && cp <= 0xffef) ||
  (cp >= 0x20000 && cp <= 0x3134f);

type Face = 'latin' | 'arabic' | 'cjk';

/** The face for a character; neutral characters (spaces, digits, punctuation) take the line's base face. */
function faceOf(cp: number): Face | null {
  if (isArabic(cp)) return 'arabic';
  if (isCjk(cp)) return 'cjk';
  if (/[\p{L}]/u.test(String.fromCodePoint(cp))) return 'latin';
  return null;
}

interface Run {
  text: string;
  face: Face;
}

/**
 * One line in visual order, as runs of one face each: the Unicode bidirectional algorithm (bidi-js) gives
 * each character its level; runs of one level and face are then reordered (rule L2). Each run keeps its
 * characters in logical order: fontkit shapes it and lays right-to-left scripts out from the right. A
 * right-to-left run with no Arabic letter (neutrals) is reversed here, with mirrored brackets.
 */
function visualRuns(line: string, rtl: boolean, base: Face): Run[] {
  const { levels } = bidi.getEmbeddingLevels(line, rtl ? 'rtl' : 'ltr');
  const chars = Array.from(line);
  // Code unit offsets → levels (levels are per UTF-16 code unit).
  const runs: { text: string; face: Face; level: number }[] = [];
  let unit = 0;
  for (const ch of chars) {
    const level = levels[unit];
    const face = faceOf(ch.codePointAt(0)!) ?? base;
    const last = runs[runs.length - 1];
    if (last && last.level === level && (last.face === face || faceOf(ch.codePointAt(0)!) === null))
      last.text += ch;
    else runs.push({ text: ch, face, level });
    unit += ch.length;
  }
  // L2: from the highest level down to the lowest odd level, reverse every sequence of runs at that level or higher.
  const max = Math.max(...runs.map((r) => r.level));
  const minOdd = runs.reduce((m, r) => (r.level % 2 ? Math.min(m, r.level) : m), Infinity);
  for (let level = max; level >= minOdd && level > 0; level--) {
    for (let i = 0; i < runs.length;) {
      if (runs[i].level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j].level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs.map(({ text, face, level }) => {
    if (level % 2 && face !== 'arabic')
      text = Array.from(text)
        .reverse()
        .map((c) => bidi.getMirroredCharacter(c) ?? c)
        .join('');
    return { text, face };
  });
}

/**
 * pdfkit, loaded with the first certificate rendered: with fontkit under it, it took about 0.1 s of every
 * start-up (BENCHMARKS.md, "Start-up"), for a document few requests ask for.
 */
let pdfkit: Promise<new (options?: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument> | undefined;

/** Renders the certificate as a one-page A4 landscape PDF. */
export async function renderCertificatePdf(sheet: CertificateSheet, fontDir: string): Promise<Buffer> {
  const fonts = certificateFonts(fontDir);
  const PDFDocument = await (pdfkit ??= import('pdfkit').then((m) => m.default));
  const registered = new Map<FontKey, () => void>();
  const words = WORDING[sheet.language];
  const rtl = sheet.language === 'AR';
  const base: Face = sheet.language === 'AR' ? 'arabic' : sheet.language === 'ZH' ? 'cjk' : 'latin';
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `${words.title}: ${sheet.courseTitle}`, Author: 'Praxis' },
    lang: sheet.language.toLowerCase(),
  });
  for (const key of Object.keys(fonts) as FontKey[]) {
    // Read lazily (the first time a face is used) and kept: the CJK collections are large.
    const face = COLLECTION_FACE[key];
    const bytes = () => {
      let b = fontBytes.get(fonts[key]);
      if (!b) fontBytes.set(fonts[key], (b = fs.readFileSync(fonts[key])));
      return b;
    };
    registered.set(key, () => (face ? doc.registerFont(key, bytes(), face) : doc.registerFont(key, bytes())));
  }
  // Every character must have a glyph in the face it is set in: never tofu.
  const check = (text: string, fontKey: FontKey) => {
    doc.font(fontKey);
    const font = (doc as unknown as { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } })._font
      .font;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (/\s/.test(ch)) continue;
      if (!font.hasGlyphForCodePoint(cp))
        throw new CertificateFontError(
          `No installed font has the character U+${cp.toString(16).toUpperCase().padStart(4, '0')}.`,
        );
    }
  };
  const fontKey = (face: Face, bold: boolean): FontKey => {
    const key: FontKey = bold ? (`${face}Bold` as FontKey) : face;
    registered.get(key)?.();
    registered.delete(key);
    return key;
  };

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const W = doc.page.width;
  const H = doc.page.height;
  const maxWidth = W - 160;
  /** One centred line: runs measured, shrunk to fit, drawn left to right. */
  const line = (text: string, y: number, size: number, bold = false, color = '#1f2937') => {
    const runs = visualRuns(text, rtl, base);
    for (const r of runs) check(r.text, fontKey(r.face, bold));
    const measure = (s: number) =>
      runs.reduce(
        (w, r) => w + doc.font(fontKey(r.face, bold)).fontSize(s).widthOfString(r.text, SHAPING),
        0,
      );
    let s = size;
    while (measure(s) > maxWidth && s > 8) s -= 1;
    let x = (W - measure(s)) / 2;
    doc.fillColor(color);
    for (const r of runs) {
      doc.font(fontKey(r.face, bold)).fontSize(s);
      doc.text(r.text, x, y, { lineBreak: false, ...SHAPING });
      x += doc.widthOfString(r.text, SHAPING);
    }
  };

  doc
    .lineWidth(3)
    .strokeColor('#1e3a8a')
    .rect(30, 30, W - 60, H - 60)
    .stroke();
  doc
    .lineWidth(1)
    .strokeColor('#93c5fd')
    .rect(40, 40, W - 80, H - 80)
    .stroke();
  const locale = sheet.language.toLowerCase();
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(sheet.issuedAt);
  line(words.title, 95, 34, true, '#1e3a8a');
  line(words.certifies, 175, 16);
  line(sheet.holderName, 215, 30, true);
  line(words.completed, 280, 16);
  line(sheet.courseTitle, 320, 22, true);
  line(`${words.issued}: ${date}`, 400, 14);
  line(`${words.code}: ${sheet.code}`, 430, 12, false, '#374151');
  if (sheet.verifyUrl) line(sheet.verifyUrl, 452, 10, false, '#6b7280');
  if (sheet.revoked) line(words.revoked, 490, 28, true, '#b91c1c');
  doc.end();
  return done;
}
