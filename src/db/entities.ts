import { CountryEntity, RegionEntity, ThematicAreaEntity } from '../modules/reference/reference.entity';
import { PractitionerEntity } from '../modules/practitioner/practitioner.entity';
import { RefreshTokenEntity, SessionEntity } from '../modules/identity/session.entity';

/** Every entity of the application; add a module's entities here. */
export const ENTITIES = [
  RegionEntity,
  CountryEntity,
  ThematicAreaEntity,
  PractitionerEntity,
  SessionEntity,
  RefreshTokenEntity,
];
