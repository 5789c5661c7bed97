import type { MigrationInterface } from 'typeorm';
import { Initial1795837439313 } from './1795837439313-Initial';
import { SocialGraph1795838828201 } from './1795838828201-SocialGraph';
import { Posts1795839082905 } from './1795839082905-Posts';
import { NetworkNameIndex1795839709430 } from './1795839709430-NetworkNameIndex';
import { Moderation1795869613572 } from './1795869613572-Moderation';
import { LegalDevelopments1795870211370 } from './1795870211370-LegalDevelopments';
import { IdempotencyKeys1795870382987 } from './1795870382987-IdempotencyKeys';
import { LegalDevelopmentModeration1795872313838 } from './1795872313838-LegalDevelopmentModeration';
import { ModerationLogCommentDeleted1795885823758 } from './1795885823758-ModerationLogCommentDeleted';
import { SessionLifetimes1796143811980 } from './1796143811980-SessionLifetimes';
import { ModerationLogBursts1796144785777 } from './1796144785777-ModerationLogBursts';
import { OutboxEvents1796150000000 } from './1796150000000-OutboxEvents';
import { LiveEvents1796166877116 } from './1796166877116-LiveEvents';
import { LiveEventCalendars1796168314769 } from './1796168314769-LiveEventCalendars';
import { LiveEventQuestions1796200000010 } from './1796200000010-LiveEventQuestions';
import { LiveEventQuestionComments1796200000011 } from './1796200000011-LiveEventQuestionComments';
import { LiveEventReminders1796210000001 } from './1796210000001-LiveEventReminders';
import { LiveEventMaterials1796220000001 } from './1796220000001-LiveEventMaterials';
import { AccountMail1796230000016 } from './1796230000016-AccountMail';
import { SessionsSecurityLog1796240000001 } from './1796240000001-SessionsSecurityLog';
import { TwoFactor1796250000001 } from './1796250000001-TwoFactor';
import { DataExport1796260000001 } from './1796260000001-DataExport';
import { AccountDeletion1796270000001 } from './1796270000001-AccountDeletion';
import { Courses1796320000001 } from './1796320000001-Courses';
import { LiveEventQuestionModeration1796280000001 } from './1796280000001-LiveEventQuestionModeration';
import { Publications1796330000001 } from './1796330000001-Publications';
import { Search1796340000001 } from './1796340000001-Search';
import { CourseLessonKinds1796350000001 } from './1796350000001-CourseLessonKinds';
import { Certificates1796360000001 } from './1796360000001-Certificates';
import { ContentVersions1796370000001 } from './1796370000001-ContentVersions';
import { SearchCoursesPublications1796380000001 } from './1796380000001-SearchCoursesPublications';
import { CourseEnrollmentRequested1796510000001 } from './1796510000001-CourseEnrollmentRequested';
import { LibraryEditsModeration1796520000001 } from './1796520000001-LibraryEditsModeration';
import { PublicationUploads1796520000002 } from './1796520000002-PublicationUploads';
import { SavedSearches1796530000001 } from './1796530000001-SavedSearches';
import { SearchAccess1796540000001 } from './1796540000001-SearchAccess';
import { SearchTsvInline1796550000001 } from './1796550000001-SearchTsvInline';
import { CourseInvitations1796610000001 } from './1796610000001-CourseInvitations';
import { SearchListed1796620000001 } from './1796620000001-SearchListed';
import { HomeTimeline1796630000001 } from './1796630000001-HomeTimeline';
import { LessonVersions1796640000001 } from './1796640000001-LessonVersions';
import { DirectoryByCountry1796650000001 } from './1796650000001-DirectoryByCountry';
import { ViewerChanged1796660000001 } from './1796660000001-ViewerChanged';
import { HomeTimelineUnlogged1796670000001 } from './1796670000001-HomeTimelineUnlogged';

/** Every migration, in order. `npm run migration:generate` writes a new file; add its class here. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Initial1795837439313,
  SocialGraph1795838828201,
  Posts1795839082905,
  NetworkNameIndex1795839709430,
  Moderation1795869613572,
  LegalDevelopments1795870211370,
  IdempotencyKeys1795870382987,
  LegalDevelopmentModeration1795872313838,
  ModerationLogCommentDeleted1795885823758,
  SessionLifetimes1796143811980,
  ModerationLogBursts1796144785777,
  OutboxEvents1796150000000,
  LiveEvents1796166877116,
  LiveEventCalendars1796168314769,
  LiveEventQuestions1796200000010,
  LiveEventQuestionComments1796200000011,
  LiveEventReminders1796210000001,
  LiveEventMaterials1796220000001,
  AccountMail1796230000016,
  SessionsSecurityLog1796240000001,
  TwoFactor1796250000001,
  DataExport1796260000001,
  AccountDeletion1796270000001,
  LiveEventQuestionModeration1796280000001,
  Courses1796320000001,
  Publications1796330000001,
  Search1796340000001,
  CourseLessonKinds1796350000001,
  Certificates1796360000001,
  ContentVersions1796370000001,
  SearchCoursesPublications1796380000001,
  CourseEnrollmentRequested1796510000001,
  LibraryEditsModeration1796520000001,
  PublicationUploads1796520000002,
  SavedSearches1796530000001,
  SearchAccess1796540000001,
  SearchTsvInline1796550000001,
  CourseInvitations1796610000001,
  SearchListed1796620000001,
  HomeTimeline1796630000001,
  LessonVersions1796640000001,
  DirectoryByCountry1796650000001,
  ViewerChanged1796660000001,
  HomeTimelineUnlogged1796670000001,
];
