import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { Role, VerificationStatus } from '../common/auth/role';
import { hashPassword } from '../common/auth/password';
import { Language } from '../common/i18n/language';
import { PractitionerEntity } from '../modules/practitioner';
import { Profession } from '../modules/practitioner';
import type { Services } from '../app/services';
import { LegalDevelopmentKind } from '../modules/legal-development';
import { seedDemoCourseLiveSession, seedDemoLiveEvents } from '../modules/live-event';
import { seedDemoCourse } from '../modules/course';
import { seedDemoPublications } from '../modules/publication';

interface DemoPerson {
  email: string;
  displayName: string;
  countryCode: string;
  profession: Profession;
  organization: string;
  languages: Language[];
  thematicAreaCodes: string[];
  role: Role;
}

/** The demo community: clearly fictitious people, all marked isDemo and with "(demo)" in their names. */
export const DEMO_PEOPLE: DemoPerson[] = [
  {
    email: 'admin@demo.praxis.example',
    displayName: 'Demo Admin (demo)',
    countryCode: 'AT',
    profession: Profession.INTERNATIONAL_ORGANIZATION,
    organization: 'Praxis demo secretariat',
    languages: [Language.EN, Language.FR],
    thematicAreaCodes: ['UNIVERSAL_LEGAL_FRAMEWORK'],
    role: Role.ADMIN,
  },
  {
    email: 'moderator@demo.praxis.example',
    displayName: 'Léa Moderator (demo)',
    countryCode: 'FR',
    profession: Profession.PROSECUTOR,
    organization: 'Demo prosecution office',
    languages: [Language.FR, Language.EN],
    thematicAreaCodes: ['INTERNATIONAL_COOPERATION'],
    role: Role.MODERATOR,
  },
  {
    email: 'amadou@demo.praxis.example',
    displayName: 'Amadou Prosecutor (demo)',
    countryCode: 'NE',
    profession: Profession.PROSECUTOR,
    organization: 'Demo counter-terrorism unit',
    languages: [Language.FR, Language.AR],
    thematicAreaCodes: ['FOREIGN_TERRORIST_FIGHTERS', 'INTERNATIONAL_COOPERATION'],
    role: Role.MEMBER,
  },
  {
    email: 'salma@demo.praxis.example',
    displayName: 'Salma Judge (demo)',
    countryCode: 'MA',
    profession: Profession.JUDGE,
    organization: 'Demo court of appeal',
    languages: [Language.AR, Language.FR],
    thematicAreaCodes: ['HUMAN_RIGHTS_IN_CT_CRIMINAL_JUSTICE'],
    role: Role.MEMBER,
  },
  {
    email: 'camila@demo.praxis.example',
    displayName: 'Camila Investigator (demo)',
    countryCode: 'CO',
    profession: Profession.INVESTIGATOR,
    organization: 'Demo financial investigations unit',
    languages: [Language.ES, Language.EN],
    thematicAreaCodes: ['FINANCING_OF_TERRORISM'],
    role: Role.MEMBER,
  },
  {
    email: 'ivan@demo.praxis.example',
    displayName: 'Ivan Central Authority (demo)',
    countryCode: 'RU',
    profession: Profession.CENTRAL_AUTHORITY,
    organization: 'Demo central authority',
    languages: [Language.RU, Language.EN],
    thematicAreaCodes: ['INTERNATIONAL_COOPERATION'],
    role: Role.MEMBER,
  },
  {
    email: 'wei@demo.praxis.example',
    displayName: 'Wei Policy Maker (demo)',
    countryCode: 'CN',
    profession: Profession.POLICY_MAKER,
    organization: 'Demo ministry of justice',
    languages: [Language.ZH, Language.EN],
    thematicAreaCodes: ['CBRN_TERRORISM'],
    role: Role.EXPERT,
  },
];

/**
 * At start-up: the reference networks, the first admin from ADMIN_EMAIL/ADMIN_PASSWORD, and the demo
 * community on an empty database.
 */
export async function bootstrapData(
  dataSource: DataSource,
  services: Services,
  config: Config,
  logger: Logger,
): Promise<void> {
  const repo = dataSource.getRepository(PractitionerEntity);
  const emptyDatabase = (await repo.count()) === 0;

  // Before any verified account is created: verified members join their country's network.
  const networks = await services.referenceNetworks.ensureReferenceNetworks();
  if (networks.created) logger.info({ created: networks.created }, 'created the reference networks');
  // Reference instruments (no treaty status is seeded: statuses are recorded by moderators and experts).
  const instruments = await services.instruments.ensureSeeded();
  if (instruments.created) logger.info({ created: instruments.created }, 'created the reference instruments');

  if (config.admin && !(await repo.exists({ where: { role: Role.ADMIN } }))) {
    const passwordHash = await hashPassword(config.admin.password);
    await dataSource.transaction((manager) =>
      services.practitioners.createAccount(manager, {
        email: config.admin!.email,
        passwordHash,
        displayName: 'Administrator',
        countryCode: 'AT',
        profession: Profession.OTHER,
        role: Role.ADMIN,
        verification: VerificationStatus.VERIFIED,
      }),
    );
    logger.info({ email: config.admin.email }, 'created the first admin from ADMIN_EMAIL');
  }

  if (!config.seedDemo || !emptyDatabase) return;
  const password = `demo-${crypto.randomBytes(9).toString('base64url')}`;
  const passwordHash = await hashPassword(password);
  // One unit of work: the events it records (the demo graduate's attendance of the course's live session)
  // are delivered once the outbox dispatcher starts, through the same consumers as any other write.
  await services.uow.run(async (tx) => {
    const { manager } = tx;
    const ids = new Map<string, string>();
    for (const person of DEMO_PEOPLE) {
      const created = await services.practitioners.createAccount(manager, {
        ...person,
        passwordHash,
        verification: VerificationStatus.VERIFIED,
        isDemo: true,
      });
      await manager.update(
        PractitionerEntity,
        { id: created.id },
        { thematicAreaCodes: person.thematicAreaCodes, verifiedAt: new Date() },
      );
      ids.set(person.email, created.id);
    }
    // A few clearly fictitious entries (isDemo, "(demo)"); never treaty statuses, which could pass for real.
    await services.centralAuthorities.seedDemo(manager, ids.get('moderator@demo.praxis.example')!);
    await services.legalDevelopments.insert(
      manager,
      ids.get('wei@demo.praxis.example')!,
      {
        kind: LegalDevelopmentKind.POLICY,
        title: 'Demo national strategy against nuclear terrorism (demo)',
        summary: 'A fictitious development of the demo community, to show how legal developments look.',
        body: '',
        jurisdictionCountryCode: 'CN',
        jurisdictionBody: null,
        effectiveDate: new Date().toISOString().slice(0, 10),
        citation: '',
        sourceUrl: null,
        language: Language.EN,
        thematicAreaCodes: ['CBRN_TERRORISM'],
      },
      [],
      true,
      true,
    );
    // Two live events: an upcoming one with registrations (and a waiting list), a past one with its
    // recordings, transcripts and attendance.
    await seedDemoLiveEvents(manager, {
      organizerId: ids.get('wei@demo.praxis.example')!,
      moderatorId: ids.get('moderator@demo.praxis.example')!,
      participantIds: ['amadou', 'salma', 'camila', 'ivan'].map((n) => ids.get(`${n}@demo.praxis.example`)!),
    });
    // The library: publications with versions in several languages (links).
    await seedDemoPublications(manager, ids.get('wei@demo.praxis.example')!);
    // The course: Module 3 of the Counter-Terrorism Legal Training Curriculum, with its live session (a
    // live event), one learner part-way through and one who completed it.
    const liveSession = await seedDemoCourseLiveSession(tx, {
      organizerId: ids.get('wei@demo.praxis.example')!,
      attendeeIds: [ids.get('salma@demo.praxis.example')!],
      absentIds: [ids.get('amadou@demo.praxis.example')!],
    });
    await seedDemoCourse(
      manager,
      {
        authorId: ids.get('wei@demo.praxis.example')!,
        facilitatorId: ids.get('moderator@demo.praxis.example')!,
        learnerId: ids.get('amadou@demo.praxis.example')!,
        graduateId: ids.get('salma@demo.praxis.example')!,
        liveSession,
      },
      services.contentVersions,
    );
  });
  const lines = [
    '',
    '  DEMO COMMUNITY created (fictitious accounts, marked isDemo). Shown once; keep it if you need it.',
    `  Password for every demo account: ${password}`,
    ...DEMO_PEOPLE.map((p) => `    ${p.role.padEnd(9)} ${p.email.padEnd(32)} ${p.displayName}`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
