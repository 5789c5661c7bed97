import type { ContentKind } from '../content';
import { loadContentFacts, setHiddenAt } from '../content';
import { CourseEntity } from './course.entity';

/**
 * Courses as the content kernel and moderation see them: reportable and hideable like other content,
 * decided on by global moderators (no review queue: facilitators publish them). A hidden course leaves the
 * lists and `course`/`node` of everyone but its facilitators and global moderators, so it cannot be enrolled
 * in (course.policy.ts).
 */
export const courseContentKind: ContentKind = {
  targetType: 'COURSE',
  nodeType: 'Course',
  notFound: 'Course',
  load: (manager, id) => loadContentFacts(manager, CourseEntity, id),
  setHidden: (manager, id, hidden) => setHiddenAt(manager, CourseEntity, id, hidden),
};
