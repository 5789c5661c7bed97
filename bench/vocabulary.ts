/**
 * The generator's vocabulary: a few thousand words per language drawn with a Zipf distribution (exponent 1,
 * as in natural text), so that a search matches what it would match in real text: a handful of function
 * words are in every document (and are stop words), a domain term in a few percent of a language's
 * documents, most words in almost none. Each language's ranked list is: its function words, then its filler
 * words with the domain terms interleaved from rank 100 on (every 30th rank), then the rest of the filler.
 * Filler words are pseudo-words built from the language's syllables (or characters, for Chinese), so that the
 * stemmers and the segmenter see text of the right script. Drawing costs one `random.next()` per word, like
 * the former `random.pick` over 50 words, so that the rest of the data set is the same as before.
 */
import { Random, Zipf } from './random';

/** Words per language (function words, domain terms and filler). */
export const VOCABULARY_SIZE = 4000;
const DOMAIN_FROM_RANK = 100;
const DOMAIN_EVERY = 30;

/** The domain terms of the benchmark's queries (bench/search.ts), English, also cited in French and Spanish. */
export const DOMAIN_TERMS_EN = (
  'evidence cooperation prosecution investigation terrorism financing mutual legal assistance extradition ' +
  'battlefield digital forensics witness protection rehabilitation prison radicalisation court judgment ' +
  'network practice guidance procedure jurisdiction border data request liaison training review analysis ' +
  'victim support returnee information sharing protocol joint team case strategy framework'
).split(' ');

const FUNCTION_WORDS: Record<string, string> = {
  en: 'the of and to in a is that for on with as by this are be from or at which it an was not',
  fr: 'le la les de des du et à en un une est que pour dans sur par au aux qui ne pas plus ce avec',
  es: 'el la los las de del y en que a un una es por con para se no al lo como más su sus',
  ar: 'في من على إلى أن عن مع هذا هذه التي الذي ما لا كان بين أو قد ثم كل بعد عند',
  ru: 'и в не на что с по к из о за от для как это но он так же все при уже или',
  zh: '的 了 在 是 和 与 及 对 中 为 等 将 也 不 有 这 上 下 其 或',
};

/** Domain terms of each language (the recall fixtures' words among them), besides the English ones. */
const DOMAIN_TERMS: Record<string, string> = {
  fr: 'extradition entraide judiciaire preuve coopération poursuite enquête terrorisme financement témoin protection réhabilitation prison tribunal jugement procédure compétence frontière École',
  es: 'extradición asistencia judicial prueba cooperación enjuiciamiento investigación terrorismo financiación testigo protección rehabilitación prisión tribunal sentencia procedimiento jurisdicción frontera',
  ar: 'تسليم المجرمين المساعدة القانونية المتبادلة الأدلة التعاون الملاحقة التحقيق الإرهاب تمويل الشهود حماية إعادة التأهيل السجن المحكمة الحكم',
  ru: 'экстрадиция правовая помощь доказательства сотрудничество уголовное преследование расследование терроризм финансирование свидетель защита реабилитация тюрьма суд приговор юрисдикция',
  zh: '引渡 司法协助 证据 合作 起诉 调查 恐怖主义 资助 证人 保护 康复 监狱 法院 判决 程序 管辖',
};

const SYLLABLES: Record<string, { onsets: string[]; vowels: string[]; codas: string[] }> = {
  en: {
    onsets: 'b c d f g h l m n p r s t v w br cr dr pl st tr'.split(' '),
    vowels: 'a e i o u ea ou'.split(' '),
    codas: ['', '', 'n', 'r', 's', 't', 'nd', 'st', 'ng'],
  },
  fr: {
    onsets: 'b c d f g l m n p r s t v ch pr tr'.split(' '),
    vowels: 'a e i o u é è ou ai eu'.split(' '),
    codas: ['', '', '', 'n', 'r', 's', 'nt', 'x'],
  },
  es: {
    onsets: 'b c d f g l m n p r s t v ll ch pr tr'.split(' '),
    vowels: 'a e i o u á é í ó ú ia'.split(' '),
    codas: ['', '', '', 'n', 'r', 's', 'l'],
  },
  ar: {
    onsets: 'ب ت ج ح د ر س ش ص ع ف ق ك ل م ن ه'.split(' '),
    vowels: ['ا', 'و', 'ي', ''],
    codas: ['', 'ة', 'ن', 'ر', 'م'],
  },
  ru: {
    onsets: 'б в г д ж з к л м н п р с т ф х ч ш'.split(' '),
    vowels: 'а е и о у ы я ю'.split(' '),
    codas: ['', '', 'н', 'р', 'с', 'т', 'й', 'ть'],
  },
  zh: { onsets: [], vowels: [], codas: [] },
};

const CJK_FROM = 0x4e00;
const CJK_COUNT = 3000;

function fillerWord(language: string, random: Random): string {
  if (language === 'zh') {
    const n = random.between(1, 3);
    return Array.from({ length: n }, () => String.fromCodePoint(CJK_FROM + random.int(CJK_COUNT))).join('');
  }
  const s = SYLLABLES[language] ?? SYLLABLES.en;
  const n = random.between(2, 4);
  let word = '';
  for (let i = 0; i < n; i++) word += random.pick(s.onsets) + random.pick(s.vowels);
  return word + random.pick(s.codas);
}

/** One language's ranked word list (rank 0 most frequent). */
function rankedWords(language: string, random: Random): string[] {
  const functionWords = (FUNCTION_WORDS[language] ?? FUNCTION_WORDS.en).split(' ');
  const domain = [
    ...(language === 'en' || language === 'fr' || language === 'es' ? DOMAIN_TERMS_EN : []),
    ...(DOMAIN_TERMS[language]?.split(' ') ?? []),
  ];
  const seen = new Set([...functionWords, ...domain]);
  const filler: string[] = [];
  while (filler.length < VOCABULARY_SIZE - functionWords.length - domain.length) {
    const word = fillerWord(language, random);
    if (!seen.has(word)) {
      seen.add(word);
      filler.push(word);
    }
  }
  const ranked = [...functionWords];
  let d = 0;
  let f = 0;
  while (ranked.length < VOCABULARY_SIZE) {
    const rank = ranked.length;
    const domainTurn = rank >= DOMAIN_FROM_RANK && (rank - DOMAIN_FROM_RANK) % DOMAIN_EVERY === 0;
    if (domainTurn && d < domain.length) ranked.push(domain[d++]);
    else if (f < filler.length) ranked.push(filler[f++]);
    else ranked.push(domain[d++]);
  }
  return ranked;
}

/** Texts in the six languages, drawn word by word with Zipf frequencies. */
export class Vocabulary {
  private readonly lists = new Map<string, string[]>();
  private readonly zipf = new Zipf(VOCABULARY_SIZE, 1.0);

  constructor(languages: readonly string[], seed: number) {
    // Its own generator: the lists do not consume the data set's random draws.
    const random = new Random(seed);
    for (const language of languages) this.lists.set(language, rankedWords(language, random));
  }

  /** n words drawn as ranks (one `random.next()` each), to be rendered once the language is known. */
  draw(random: Random, n: number): number[] {
    return Array.from({ length: n }, () => this.zipf.draw(random));
  }

  /** The words of these ranks in `language` (Chinese without spaces, as it is written). */
  render(ranks: readonly number[], language = 'en'): string {
    const list = this.lists.get(language) ?? this.lists.get('en')!;
    return ranks.map((r) => list[r]).join(language === 'zh' ? '' : ' ');
  }

  /** n words of `language`. */
  words(random: Random, n: number, language = 'en'): string {
    return this.render(this.draw(random, n), language);
  }
}
