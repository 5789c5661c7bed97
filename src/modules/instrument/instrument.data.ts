import { InstrumentCategory } from './instrument.enums';

/** A seeded instrument. Each has a fixed id, so that seeding is idempotent and survives admins' edits. */
export interface SeedInstrument {
  id: string;
  shortName: string;
  title: string;
  yearAdopted: number;
  category: InstrumentCategory;
  depositary: string;
  /** The depositary's site (the UN Treaty Collection, ICAO, IMO or IAEA), where the status of parties is published. */
  sourceUrl: string;
}

const UN = 'Secretary-General of the United Nations';
const ICAO = 'International Civil Aviation Organization (ICAO)';
const IMO = 'Secretary-General of the International Maritime Organization (IMO)';
const IAEA = 'Director General of the International Atomic Energy Agency (IAEA)';
const THREE_GOVERNMENTS = 'Governments of the Russian Federation, the United Kingdom and the United States';

const UN_TREATIES = 'https://treaties.un.org/';
const ICAO_TREATIES = 'https://www.icao.int/';
const IMO_TREATIES = 'https://www.imo.org/';
const IAEA_TREATIES = 'https://www.iaea.org/';

const id = (n: number) => `1a57c000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const U = InstrumentCategory.UNIVERSAL_COUNTER_TERRORISM;

/**
 * The 19 universal legal instruments against terrorism (1963 to 2014) and the UN Convention against
 * Transnational Organized Crime. Instruments only: no country's status is seeded.
 */
export const SEED_INSTRUMENTS: SeedInstrument[] = [
  {
    id: id(1),
    shortName: 'Tokyo Convention',
    title: 'Convention on Offences and Certain Other Acts Committed on Board Aircraft',
    yearAdopted: 1963,
    category: U,
    depositary: ICAO,
    sourceUrl: ICAO_TREATIES,
  },
  {
    id: id(2),
    shortName: 'Hague Convention',
    title: 'Convention for the Suppression of Unlawful Seizure of Aircraft',
    yearAdopted: 1970,
    category: U,
    depositary: THREE_GOVERNMENTS,
    sourceUrl: ICAO_TREATIES,
  },
  {
    id: id(3),
    shortName: 'Montreal Convention',
    title: 'Convention for the Suppression of Unlawful Acts against the Safety of Civil Aviation',
    yearAdopted: 1971,
    category: U,
    depositary: THREE_GOVERNMENTS,
    sourceUrl: ICAO_TREATIES,
  },
  {
    id: id(4),
    shortName: 'Protected Persons Convention',
    title:
      'Convention on the Prevention and Punishment of Crimes against Internationally Protected Persons, including Diplomatic Agents',
    yearAdopted: 1973,
    category: U,
    depositary: UN,
    sourceUrl: UN_TREATIES,
  },
  {
    id: id(5),
    shortName: 'Hostages Convention',
    title: 'International Convention against the Taking of Hostages',
    yearAdopted: 1979,
    category: U,
    depositary: UN,
    sourceUrl: UN_TREATIES,
  },
  {
    id: id(6),
    shortName: 'Nuclear Material Convention (CPPNM)',
    title: 'Convention on the Physical Protection of Nuclear Material',
    yearAdopted: 1980,
    category: U,
    depositary: IAEA,
    sourceUrl: IAEA_TREATIES,
  },
  {
    id: id(7),
    shortName: 'Airport Protocol',
    title:
      'Protocol for the Suppression of Unlawful Acts of Violence at Airports Serving International Civil Aviation, supplementary to the Convention for the Suppression of Unlawful Acts against the Safety of Civil Aviation',
    yearAdopted: 1988,
    category: U,
    depositary: `${THREE_GOVERNMENTS}, and ICAO`,
    sourceUrl: ICAO_TREATIES,
  },
  {
    id: id(8),
    shortName: 'SUA Convention',
    title: 'Convention for the Suppression of Unlawful Acts against the Safety of Maritime Navigation',
    yearAdopted: 1988,
    category: U,
    depositary: IMO,
    sourceUrl: IMO_TREATIES,
  },
  {
    id: id(9),
    shortName: 'Fixed Platforms Protocol',
    title:
      'Protocol for the Suppression of Unlawful Acts against the Safety of Fixed Platforms Located on the Continental Shelf',
    yearAdopted: 1988,
    category: U,
    depositary: IMO,
    sourceUrl: IMO_TREATIES,
  },
  {
    id: id(10),
    shortName: 'Plastic Explosives Convention',
    title: 'Convention on the Marking of Plastic Explosives for the Purpose of Detection',
    yearAdopted: 1991,
    category: U,
    depositary: ICAO,
    sourceUrl: ICAO_TREATIES,
  },
  {
    id: id(11),
    shortName: 'Terrorist Bombings Convention',
    title: 'International Convention for the Suppression of Terrorist Bombings',
    yearAdopted: 1997,
    category: U,
    depositary: UN,
    sourceUrl: UN_TREATIES,
  },
  {
    id: id(12),
    shortName: 'Terrorist Financing Convention',
    title: 'International Convention for the Suppression of the Financing of Terrorism',
    yearAdopted: 1999,
    category: U,
    depositary: UN,
    sourceUrl: UN_TREATIES,
  },
  {
    id: id(13),
    shortName: 'Nuclear Terrorism Convention',
    title: 'International Convention for the Suppression of Acts of Nuclear Terrorism',
    yearAdopted: 2005,
    category: U,
    depositary: UN,
    sourceUrl: UN_TREATIES,
  },
  {
    id: id(14),
    shortName: 'CPPNM Amendment',
    title: 'Amendment to the Convention on the Physical Protection of Nuclear Material',
    yearAdopted: 2005,
    category: U,
    depositary: IAEA,
    sourceUrl: IAEA_TREATIES,
  },
  {
    id: id(15),
    shortName: 'SUA Protocol 2005',
    title:
      'Protocol of 2005 to the Convention for the Suppression of Unlawful Acts against the Safety of Maritime Navigation',
    yearAdopted: 2005,
    category: U,
    depositary: IMO,
    sourceUrl: IMO_TREATIES,
  },
  {
    id: id(16),
    shortName: 'Fixed Platforms Protocol 2005',
    title:
      'Protocol of 2005 to the Protocol for the Suppression of Unlawful Acts against the Safety of Fixed Platforms Located on the Continental Shelf',
    yearAdopted: 2005,
    category: U,
    depositary: IMO,
    sourceUrl: IMO_TREATIES,
  },
  {
    id: id(17),
    shortName: 'Beijing Convention',
    title: 'Convention on the Suppression of Unlawful Acts Relating to International Civil Aviation',
    yearAdopted: 2010,
    category: U,
    depositary: ICAO,
    sourceUrl: ICAO_TREATIES,
  },
  {
    id: id(18),
    shortName: 'Beijing Protocol',
    title: 'Protocol Supplementary to the Convention for the Suppression of Unlawful Seizure of Aircraft',
    yearAdopted: 2010,
    category: U,
    depositary: ICAO,
    sourceUrl: ICAO_TREATIES,
  },
  {
    id: id(19),
    shortName: 'Montreal Protocol 2014',
    title: 'Protocol to Amend the Convention on Offences and Certain Acts Committed on Board Aircraft',
    yearAdopted: 2014,
    category: U,
    depositary: ICAO,
    sourceUrl: ICAO_TREATIES,
  },
  {
    id: id(20),
    shortName: 'UNTOC',
    title: 'United Nations Convention against Transnational Organized Crime',
    yearAdopted: 2000,
    category: InstrumentCategory.UN_CONVENTION,
    depositary: UN,
    sourceUrl: UN_TREATIES,
  },
];
