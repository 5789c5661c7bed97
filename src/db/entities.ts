import { CountryEntity, RegionEntity, ThematicAreaEntity } from '../modules/reference/reference.entity';
import { PractitionerEntity } from '../modules/practitioner/practitioner.entity';
import { RefreshTokenEntity, SessionEntity } from '../modules/identity/session.entity';
import { NetworkCountryEntity, NetworkEntity, NetworkMemberEntity } from '../modules/network/network.entity';
import { NetworkFollowEntity, PractitionerFollowEntity } from '../modules/follow/follow.entity';
import { ContactEntity, ContactRequestEntity } from '../modules/contact/contact.entity';
import {
  BookmarkEntity,
  EndorsementEntity,
  PostEntity,
  PostNetworkEntity,
  PostTransitionEntity,
} from '../modules/post/post.entity';
import { CommentEntity } from '../modules/comment/comment.entity';
import { IdempotencyKeyEntity } from '../modules/idempotency/idempotency.entity';
import {
  ModerationAssignmentEntity,
  ModerationLogEntity,
  ReportEntity,
} from '../modules/moderation/moderation.entity';
import {
  NetworkMuteEntity,
  PractitionerBlockEntity,
  PractitionerMuteEntity,
} from '../modules/block/block.entity';
import {
  NotificationEntity,
  NotificationPreferenceEntity,
} from '../modules/notification/notification.entity';
import {
  InstrumentEntity,
  TreatyStatusEntity,
  TreatyStatusHistoryEntity,
} from '../modules/instrument/instrument.entity';
import {
  LegalDevelopmentEntity,
  LegalDevelopmentInstrumentEntity,
  LegalDevelopmentTransitionEntity,
} from '../modules/legal-development/legal-development.entity';
import {
  CentralAuthorityEntity,
  CentralAuthorityRevisionEntity,
} from '../modules/central-authority/central-authority.entity';

/** Every entity of the application; add a module's entities here. */
export const ENTITIES = [
  RegionEntity,
  CountryEntity,
  ThematicAreaEntity,
  PractitionerEntity,
  SessionEntity,
  RefreshTokenEntity,
  NetworkEntity,
  NetworkCountryEntity,
  NetworkMemberEntity,
  PractitionerFollowEntity,
  NetworkFollowEntity,
  ContactRequestEntity,
  ContactEntity,
  PostEntity,
  PostNetworkEntity,
  PostTransitionEntity,
  EndorsementEntity,
  BookmarkEntity,
  CommentEntity,
  IdempotencyKeyEntity,
  ReportEntity,
  ModerationLogEntity,
  ModerationAssignmentEntity,
  PractitionerBlockEntity,
  PractitionerMuteEntity,
  NetworkMuteEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  InstrumentEntity,
  TreatyStatusEntity,
  TreatyStatusHistoryEntity,
  LegalDevelopmentEntity,
  LegalDevelopmentInstrumentEntity,
  LegalDevelopmentTransitionEntity,
  CentralAuthorityEntity,
  CentralAuthorityRevisionEntity,
];
