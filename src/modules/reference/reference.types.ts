import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RegionLevel } from './reference.entity';

registerEnumType(RegionLevel, {
  name: 'RegionLevel',
  description: 'Level of a UN M49 geographic area.',
  valuesConfig: {
    WORLD: { description: 'The world (001).' },
    REGION: { description: 'A region, e.g. Africa (002).' },
    SUBREGION: { description: 'A sub-region, e.g. Sub-Saharan Africa (202).' },
    INTERMEDIATE_REGION: { description: 'An intermediate region, e.g. Western Africa (011).' },
  },
});

@ObjectType('Country', { description: 'A country or area of ISO 3166-1, with its UN M49 classification.' })
export class Country {
  @Field({ description: 'ISO 3166-1 alpha-2 code, e.g. `NE`.' })
  code: string;

  @Field({ description: 'ISO 3166-1 alpha-3 code, e.g. `NER`.' })
  alpha3: string;

  @Field(() => String, {
    nullable: true,
    description: 'UN M49 numeric code, e.g. `562`; null where M49 has none.',
  })
  m49Code: string | null;
}

@ObjectType('Region', { description: 'A UN M49 geographic area above the country level.' })
export class Region {
  @Field({ description: 'Three-digit UN M49 code, e.g. `011` for Western Africa.' })
  code: string;

  @Field(() => RegionLevel, { description: 'Where the area stands in the M49 hierarchy.' })
  level: RegionLevel;
}

@ObjectType('ThematicArea', { description: 'A thematic area of counter-terrorism criminal justice.' })
export class ThematicArea {
  @Field({ description: 'Stable code, e.g. `FINANCING_OF_TERRORISM`.' })
  code: string;
}
