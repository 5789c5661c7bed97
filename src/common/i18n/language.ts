import { registerEnumType } from 'type-graphql';

/** The six official UN languages. Values are ISO 639-1 codes. */
export enum Language {
  AR = 'ar',
  ZH = 'zh',
  EN = 'en',
  FR = 'fr',
  RU = 'ru',
  ES = 'es',
}
registerEnumType(Language, {
  name: 'Language',
  description: 'One of the six official UN languages (the value is the ISO 639-1 code).',
  valuesConfig: {
    AR: { description: 'Arabic (ar), written right to left.' },
    ZH: { description: 'Chinese (zh).' },
    EN: { description: 'English (en).' },
    FR: { description: 'French (fr).' },
    RU: { description: 'Russian (ru).' },
    ES: { description: 'Spanish (es).' },
  },
});

export const LANGUAGES: readonly Language[] = Object.values(Language);

/** A text in each of the six languages. */
export type Localized = Record<Language, string>;

/** Picks the best supported language from an Accept-Language header (q-values honoured); English by default. */
export function languageFromAcceptLanguage(header: string | undefined | null): Language {
  if (!header) return Language.EN;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return {
        lang: tag.trim().toLowerCase().split('-')[0],
        weight: Number.isFinite(weight) ? weight : 0,
        index,
      };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { lang } of ranked) {
    if ((LANGUAGES as readonly string[]).includes(lang)) return lang as Language;
  }
  return Language.EN;
}

export function localize(text: Partial<Localized> | null | undefined, language: Language): string {
  if (!text) return '';
  return text[language] ?? text[Language.EN] ?? Object.values(text)[0] ?? '';
}
