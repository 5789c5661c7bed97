import type { EntityManager } from 'typeorm';
import type { ContentVersionService } from '../content';
import { VersionOrigin } from '../content';
import type { LessonEntity } from './course.entity';

/** The content kernel's kind of lessons (`content_version.kind`). */
export const LESSON_VERSION_KIND = 'Lesson';

/** A lesson's text as the `bodies` input gives it: the original and the other languages. */
export interface LessonText {
  language: string;
  body: string | null;
  others: [language: string, body: string][];
}

/**
 * Splits a language → Markdown map: the original is the course's language when the map has it, else its
 * first language in alphabetical order (what `Lesson.body` fell back to before versions, and what the
 * migration picked); an empty map is a lesson without a body, in the course's language.
 */
export function splitBodies(bodies: Record<string, string>, courseLanguage: string): LessonText {
  const languages = Object.keys(bodies).sort();
  const language = bodies[courseLanguage] !== undefined ? courseLanguage : (languages[0] ?? courseLanguage);
  return {
    language,
    body: bodies[language] ?? null,
    others: languages.filter((l) => l !== language).map((l) => [l, bodies[l]]),
  };
}

/**
 * Writes the other languages of a lesson's `bodies` as HUMAN versions REVIEWED by their editor (facilitators
 * write them as part of the course), and removes the versions readers were shown in the languages the map
 * leaves out (`bodies` replaces the lesson's text in every language). Translations still waiting for review
 * stay for their reviewers. In the caller's transaction, after the original was saved.
 */
export async function writeLessonBodies(
  manager: EntityManager,
  versions: ContentVersionService,
  lesson: Pick<LessonEntity, 'id' | 'title'>,
  others: LessonText['others'],
  editorId: string | null,
): Promise<void> {
  await versions.retainShown(
    manager,
    LESSON_VERSION_KIND,
    lesson.id,
    others.map(([l]) => l),
  );
  for (const [language, body] of others)
    await versions.write(
      manager,
      {
        kind: LESSON_VERSION_KIND,
        contentId: lesson.id,
        language,
        title: lesson.title,
        summary: '',
        body,
        origin: VersionOrigin.HUMAN,
        translatorId: editorId,
        engine: null,
      },
      editorId,
    );
}
