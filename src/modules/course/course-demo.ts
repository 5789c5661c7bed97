import type { EntityManager } from 'typeorm';
import type { ContentVersionService } from '../content';
import { splitBodies, writeLessonBodies } from './lesson-text';
import {
  CourseEnrollmentEntity,
  CourseEntity,
  CourseFacilitatorEntity,
  CourseModuleEntity,
  LessonCompletionEntity,
  LessonEntity,
} from './course.entity';
import { CompletionRule, CourseStatus, EnrollmentPolicy, EnrollmentStatus, LessonKind } from './course.enums';
import { joinCohortNetwork, openCohortNetwork } from './course-network';

const DAY = 24 * 3600_000;

/** Who the demo course is given to (ids of demo accounts) and its live session (a live event). */
export interface CourseDemoPeople {
  /** Its author and first facilitator (an expert). */
  authorId: string;
  /** Its second facilitator. */
  facilitatorId: string;
  /** A learner part-way through (modules 1 and 2 done, module 3 started). */
  learnerId: string;
  /**
   * A learner who completes the course: modules 1 to 3 are seeded done, and their attendance of the live
   * session (`live-event.attended`, recorded with it) completes the last lesson through the course module's
   * consumer, which records `course.completed`: the certificate module then issues their certificate.
   */
  graduateId: string;
  /** The live event the LIVE_SESSION lesson stands for. */
  liveSession: { id: string; title: string };
}

interface DemoLesson {
  title: string;
  kind?: LessonKind;
  rule?: CompletionRule;
  bodies: Record<string, string>;
}

interface DemoModule {
  title: string;
  /** Positions of the modules to complete first. */
  prerequisites?: number[];
  sequential?: boolean;
  lessons: DemoLesson[];
}

function outline(liveSessionTitle: string): DemoModule[] {
  return [
    {
      title: 'Extradition',
      sequential: true,
      lessons: [
        {
          title: 'Extradite or prosecute (aut dedere aut judicare)',
          bodies: {
            en:
              'The universal counter-terrorism instruments oblige a State party in whose territory an alleged ' +
              'offender is found, if it does not extradite that person, to submit the case without undue delay ' +
              'to its competent authorities for the purpose of prosecution: for example article 8 of the ' +
              'International Convention for the Suppression of Terrorist Bombings (1997) and article 10 of the ' +
              'International Convention for the Suppression of the Financing of Terrorism (1999).\n\n' +
              '**Ask yourself:** which authority in your country decides between extradition and prosecution?',
            fr:
              'Les instruments universels contre le terrorisme obligent l’État partie sur le territoire duquel ' +
              'se trouve l’auteur présumé, s’il ne l’extrade pas, à soumettre l’affaire sans retard excessif à ' +
              'ses autorités compétentes pour l’exercice de l’action pénale (*aut dedere aut judicare*).',
          },
        },
        {
          title: 'Dual criminality and the political offence exception',
          bodies: {
            en:
              'Extradition usually requires that the conduct be an offence in both States (**dual criminality**). ' +
              'Criminalising the offences of the instruments in national law is what makes cooperation possible.\n\n' +
              'For extradition and mutual legal assistance, none of the offences of the Terrorist Bombings ' +
              'Convention (article 11) or the Terrorist Financing Convention (article 14) may be regarded as a ' +
              'political offence; under the Financing Convention a request may not be refused on the sole ground ' +
              'that it concerns a fiscal offence (article 13).',
          },
        },
        {
          title: 'Safeguards: non-discrimination, non-refoulement and speciality',
          rule: CompletionRule.MARKED_DONE,
          bodies: {
            en:
              'A State may refuse extradition where it has substantial grounds for believing that the request ' +
              'was made to prosecute or punish a person on account of race, religion, nationality, ethnic ' +
              'origin or political opinion (Terrorist Bombings Convention, article 12). No one may be returned ' +
              'to a State where there are substantial grounds for believing they would be in danger of torture ' +
              '(Convention against Torture, article 3). Under the **rule of speciality**, the person surrendered ' +
              'is tried only for the offences for which extradition was granted.',
          },
        },
      ],
    },
    {
      title: 'Mutual legal assistance',
      lessons: [
        {
          title: 'What assistance can be requested',
          bodies: {
            en:
              'States parties afford one another the greatest measure of assistance in investigations and ' +
              'proceedings (Terrorist Bombings Convention, article 10; Terrorist Financing Convention, article ' +
              '12). Typical measures: taking evidence or statements, serving judicial documents, searches and ' +
              'seizures, examining objects and sites, providing records, including bank and business records, ' +
              'and identifying or tracing proceeds of crime.',
          },
        },
        {
          title: 'Bank secrecy is no ground for refusal',
          bodies: {
            en:
              'Under article 12, paragraph 2, of the Terrorist Financing Convention, States parties may not ' +
              'refuse a request for mutual legal assistance on the ground of bank secrecy. Financial ' +
              'intelligence units and central authorities often work together on such requests.',
          },
        },
        {
          title: 'Drafting a request',
          rule: CompletionRule.MARKED_DONE,
          bodies: {
            en:
              'A request usually states: the authority making it; the subject matter and nature of the ' +
              'investigation or proceedings; a summary of the relevant facts; the assistance sought and any ' +
              'procedure to follow; where possible, the identity and location of the persons concerned; and the ' +
              'purpose of the evidence (compare article 18, paragraph 15, of the United Nations Convention ' +
              'against Transnational Organized Crime).\n\n**Tip:** write for a reader in another legal system.',
          },
        },
      ],
    },
    {
      title: 'The central authority',
      prerequisites: [0, 1],
      lessons: [
        {
          title: 'What a central authority does',
          bodies: {
            en:
              'Each State party designates a **central authority** with the responsibility and power to ' +
              'receive requests for mutual legal assistance and either to execute them or to transmit them to ' +
              'the competent authorities for execution (Convention against Transnational Organized Crime, ' +
              'article 18, paragraph 13). It also follows up requests its own authorities send abroad.',
          },
        },
        {
          title: 'Channels, languages and urgent requests',
          bodies: {
            en:
              'Requests go to the central authority designated by the requested State, in a language it has ' +
              'declared acceptable (article 18, paragraph 14). In urgent circumstances, and where the States ' +
              'agree, requests may be made through INTERPOL. Keep the contact details of your counterparts ' +
              'current: the directory of central authorities lists them.',
          },
        },
      ],
    },
    {
      title: 'Live session',
      prerequisites: [2],
      lessons: [
        {
          title: 'Live session with the lecturer',
          kind: LessonKind.LIVE_SESSION,
          rule: CompletionRule.ATTENDED,
          bodies: {
            en:
              `Join the live event “${liveSessionTitle}” with your draft request; attendance completes ` +
              'this lesson.',
          },
        },
      ],
    },
  ];
}

/**
 * The demo course (clearly fictitious, "(demo)" in its title), written in the demo seed's transaction,
 * which runs once on an empty database: Module 3 of the Counter-Terrorism Legal Training Curriculum as a
 * published cohort course (OPEN, 30 places) with four modules (extradition; mutual legal assistance; the
 * central authority, after the first two; the live session, after the third) and its cohort network; one
 * learner part-way through (modules 1 and 2 done, one lesson of module 3) and one who completes it once the
 * outbox delivers their attendance of the live session (then holds a certificate).
 */
export async function seedDemoCourse(
  manager: EntityManager,
  people: CourseDemoPeople,
  versions: ContentVersionService,
): Promise<void> {
  const now = Date.now();
  const modules = outline(people.liveSession.title);
  const lessonCount = modules.reduce((n, m) => n + m.lessons.length, 0);
  const courses = manager.getRepository(CourseEntity);
  const course = await courses.save(
    manager.create(CourseEntity, {
      authorId: people.authorId,
      title: 'International Cooperation in Criminal Matters: Counter-Terrorism (Module 3) (demo)',
      summary:
        'Module 3 of the Counter-Terrorism Legal Training Curriculum: extradition, mutual legal assistance ' +
        'and the central authority, with a live session.',
      body:
        'A self-contained online version of **Module 3** for criminal-justice practitioners: how to obtain the ' +
        'surrender of a suspect and evidence held abroad in terrorism cases. *Demo content.*',
      language: 'en',
      languages: ['en', 'fr', 'ar'],
      thematicAreaCodes: ['INTERNATIONAL_COOPERATION'],
      status: CourseStatus.DRAFT,
      startsAt: new Date(now - 30 * DAY),
      endsAt: new Date(now + 30 * DAY),
      enrollmentPolicy: EnrollmentPolicy.OPEN,
      capacity: 30,
      lessonCount,
    }),
  );
  const facilitatorIds = [people.authorId, people.facilitatorId];
  await manager.insert(
    CourseFacilitatorEntity,
    facilitatorIds.map((practitionerId, position) => ({ courseId: course.id, practitionerId, position })),
  );
  await openCohortNetwork(manager, course, facilitatorIds);
  course.status = CourseStatus.PUBLISHED;
  course.publishedAt = new Date(now - 31 * DAY);
  await courses.save(course);

  const lessonIds: string[][] = [];
  const moduleIds: string[] = [];
  for (const [position, m] of modules.entries()) {
    const saved = await manager.getRepository(CourseModuleEntity).save(
      manager.create(CourseModuleEntity, {
        courseId: course.id,
        position,
        title: m.title,
        unlockAt: null,
        sequential: m.sequential ?? false,
        prerequisiteIds: (m.prerequisites ?? []).map((i) => moduleIds[i]),
      }),
    );
    moduleIds.push(saved.id);
    const texts = m.lessons.map((l) => splitBodies(l.bodies, course.language));
    const lessons = await manager.getRepository(LessonEntity).save(
      m.lessons.map((l, i) =>
        manager.create(LessonEntity, {
          moduleId: saved.id,
          courseId: course.id,
          position: i,
          title: l.title,
          kind: l.kind ?? LessonKind.PAGE,
          completionRule: l.rule ?? CompletionRule.VIEWED,
          language: texts[i].language,
          body: texts[i].body,
          liveEventId: l.kind === LessonKind.LIVE_SESSION ? people.liveSession.id : null,
        }),
      ),
    );
    // The other languages are versions the author wrote (reviewed, as a facilitator's `bodies` are).
    for (const [i, lesson] of lessons.entries())
      await writeLessonBodies(manager, versions, lesson, texts[i].others, people.authorId);
    lessonIds.push(lessons.map((l) => l.id));
  }

  // The learner part-way through: modules 1 and 2 done, the first lesson of module 3. The graduate: every
  // lesson before the live session, which their recorded attendance completes after the commit (the real
  // completion path: progress, course completion and certificate).
  const learnerDone = [...lessonIds[0], ...lessonIds[1], lessonIds[2][0]];
  const graduateDone = lessonIds.slice(0, 3).flat();
  const enrolments = [
    { practitionerId: people.learnerId, done: learnerDone, lastAt: now - 2 * DAY, completed: false },
    {
      practitionerId: people.graduateId,
      done: graduateDone,
      lastAt: now - 4 * DAY,
      completed: false,
    },
  ];
  for (const e of enrolments) {
    const enrolment = await manager.getRepository(CourseEnrollmentEntity).save(
      manager.create(CourseEnrollmentEntity, {
        courseId: course.id,
        practitionerId: e.practitionerId,
        status: EnrollmentStatus.APPROVED,
        doneCount: e.done.length,
        lastActivityAt: new Date(e.lastAt),
        completedAt: e.completed ? new Date(e.lastAt) : null,
        createdAt: new Date(now - 28 * DAY),
      }),
    );
    await joinCohortNetwork(manager, course, e.practitionerId);
    await manager.insert(
      LessonCompletionEntity,
      e.done.map((lessonId, i) => ({
        enrollmentId: enrolment.id,
        lessonId,
        completedAt: new Date(e.lastAt - (e.done.length - 1 - i) * DAY),
      })),
    );
  }
  await manager.update(CourseEntity, { id: course.id }, { enrolledCount: enrolments.length });
}
