import type { EntityManager } from 'typeorm';
import { PublicationEntity, PublicationVersionEntity } from './publication.entity';
import { PublicationKind, PublicationVisibility } from './publication.enums';

const LINK_BASE = 'https://library.demo.praxis.example';

/**
 * The demo library: two publications with versions in several languages (official UN-language ones and a
 * local-language one), as links (the demo uploads no files).
 */
export async function seedDemoPublications(manager: EntityManager, authorId: string): Promise<void> {
  const publications = manager.getRepository(PublicationEntity);
  const versions = manager.getRepository(PublicationVersionEntity);
  const items = [
    {
      kind: PublicationKind.TRAINING_MODULE,
      title: 'International Cooperation in Criminal Matters: Counter-Terrorism (Module 3) (demo)',
      summary:
        'Module 3 of the Counter-Terrorism Legal Training Curriculum: extradition and mutual legal assistance.',
      year: 2012,
      thematicAreaCodes: [] as string[],
      countryCodes: [] as string[],
      versions: [
        {
          language: 'en',
          title: 'International Cooperation in Criminal Matters: Counter-Terrorism',
          isOfficial: true,
        },
        {
          language: 'fr',
          title: 'La coopération internationale en matière pénale contre le terrorisme',
          isOfficial: true,
        },
        {
          language: 'ar',
          title: 'التعاون الدولي في المسائل الجنائية في مجال مكافحة الإرهاب',
          isOfficial: true,
        },
      ],
    },
    {
      kind: PublicationKind.HANDBOOK,
      title: 'Handbook for central authorities on mutual legal assistance (demo)',
      summary: 'Practical steps for sending and answering requests.',
      year: 2019,
      thematicAreaCodes: [] as string[],
      countryCodes: ['NE', 'ML'],
      versions: [
        { language: 'fr', title: 'Guide pratique des autorités centrales', isOfficial: true },
        { language: 'ha', title: 'Jagora ga hukumomin tsakiya', isOfficial: false },
      ],
    },
  ];
  for (const [i, item] of items.entries()) {
    const { versions: list, ...fields } = item;
    const p = await publications.save(
      publications.create({
        ...fields,
        authorId,
        language: 'en',
        visibility: PublicationVisibility.COMMUNITY,
        publishedAt: new Date(Date.now() - (items.length - i) * 60_000),
      }),
    );
    for (const v of list)
      await versions.save(
        versions.create({
          ...v,
          publicationId: p.id,
          createdById: authorId,
          externalUrl: `${LINK_BASE}/${p.id}/${v.language}.pdf`,
        }),
      );
  }
}
