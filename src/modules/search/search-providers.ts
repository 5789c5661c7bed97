import type { EntityManager } from 'typeorm';
import type { SqlViewer } from '../../common/auth/policy';
import { query, sql } from '../../common/db/sql';
import { Post } from '../post';
import { listedPostSql, postReadSql } from '../post';
import { Comment } from '../comment';
import { commentReadSql, listedCommentSql } from '../comment';
import { LegalDevelopment } from '../legal-development';
import { legalDevelopmentReadSql, listedLegalDevelopmentSql } from '../legal-development';
import { Instrument } from '../instrument';
import { CentralAuthority } from '../central-authority';
import { Practitioner } from '../practitioner';
import { listedPractitionerSql, practitionerReadSql } from '../practitioner';
import { Network } from '../network';
import { networkReadSql } from '../network';
import { LiveEvent } from '../live-event';
import { listedLiveEventSql, liveEventReadSql } from '../live-event';
import { Course } from '../course';
import { courseReadSql, listedCourseSql } from '../course';
import { Publication } from '../publication';
import { listedPublicationSql, publicationReadSql } from '../publication';
import type { SearchProvider, SearchSource } from './search-provider';

/**
 * The searchable types of today (courses and publications added after the first eight). Each reads its own table's text (the one place the search module names
 * another module's tables, as the account export does) and answers visibility with the owning module's
 * policy SQL form. Instruments and central authorities are public reference data (their node check lets
 * anyone read them): the record must merely exist.
 */

function docs(manager: EntityManager, statement: ReturnType<typeof sql>): Promise<SearchSource[]> {
  return query<SearchSource>(manager, statement);
}

const exists = (table: string, recordId: string, condition = 'TRUE') =>
  `EXISTS (SELECT 1 FROM "${table}" sr WHERE sr."id" = ${recordId} AND ${condition})`;

export const SEARCH_PROVIDERS: readonly SearchProvider[] = [
  {
    kind: 'POST',
    nodeType: 'Post',
    objectType: () => Post,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT p."id" AS "recordId", p."language", p."title", concat_ws(E'\n', p."summary", p."body") AS "body",
              NULL AS "names", p."countryCodes", p."thematicAreaCodes",
              ARRAY(SELECT pn."networkId"::text FROM post_network pn WHERE pn."postId" = p."id") AS "networkIds",
              COALESCE(p."publishedAt", p."createdAt") AS "date", ARRAY[p."authorId"] AS "blockParties"
            FROM post p WHERE p."id" = ANY(${ids}::uuid[])`,
      ),
    readSql: (v: SqlViewer, id: string) => exists('post', id, postReadSql(v, 'sr')),
    listedSql: (id) => exists('post', id, listedPostSql('sr')),
  },
  {
    kind: 'COMMENT',
    nodeType: 'Comment',
    objectType: () => Comment,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT c."id" AS "recordId", p."language", '' AS "title", c."body", NULL AS "names",
              p."countryCodes", p."thematicAreaCodes", '{}'::text[] AS "networkIds", c."createdAt" AS "date",
              ARRAY[c."authorId", p."authorId"] AS "blockParties"
            FROM comment c JOIN post p ON p."id" = c."postId"
            WHERE c."id" = ANY(${ids}::uuid[]) AND c."deletedAt" IS NULL`,
      ),
    readSql: (v, id) => exists('comment', id, commentReadSql(v, 'sr')),
    listedSql: (id) => exists('comment', id, listedCommentSql('sr')),
  },
  {
    kind: 'LEGAL_DEVELOPMENT',
    nodeType: 'LegalDevelopment',
    objectType: () => LegalDevelopment,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT ld."id" AS "recordId", ld."language", ld."title",
              concat_ws(E'\n', ld."summary", ld."body", ld."citation", ld."jurisdictionBody") AS "body", NULL AS "names",
              CASE WHEN ld."jurisdictionCountryCode" IS NULL THEN '{}'::text[] ELSE ARRAY[ld."jurisdictionCountryCode"::text] END AS "countryCodes",
              ld."thematicAreaCodes", '{}'::text[] AS "networkIds", ld."effectiveDate"::timestamptz AS "date", '{}'::uuid[] AS "blockParties"
            FROM legal_development ld WHERE ld."id" = ANY(${ids}::uuid[])`,
      ),
    readSql: (v, id) => exists('legal_development', id, legalDevelopmentReadSql(v, 'sr')),
    listedSql: (id) => exists('legal_development', id, listedLegalDevelopmentSql('sr')),
  },
  {
    kind: 'INSTRUMENT',
    nodeType: 'Instrument',
    objectType: () => Instrument,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT i."id" AS "recordId", '' AS "language", i."title", i."depositary" AS "body", i."shortName" AS "names",
              ARRAY(SELECT DISTINCT t."countryCode"::text FROM treaty_status t WHERE t."instrumentId" = i."id") AS "countryCodes",
              '{}'::text[] AS "thematicAreaCodes", '{}'::text[] AS "networkIds",
              make_date(i."yearAdopted", 1, 1)::timestamptz AS "date", '{}'::uuid[] AS "blockParties"
            FROM instrument i WHERE i."id" = ANY(${ids}::uuid[])`,
      ),
    readSql: (_v, id) => exists('instrument', id),
    listedSql: (id) => exists('instrument', id),
  },
  {
    kind: 'CENTRAL_AUTHORITY',
    nodeType: 'CentralAuthority',
    objectType: () => CentralAuthority,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT a."id" AS "recordId", '' AS "language", a."name" AS "title",
              concat_ws(E'\n', a."legalBasis", a."address") AS "body", a."name" AS "names",
              ARRAY[a."countryCode"::text] AS "countryCodes", '{}'::text[] AS "thematicAreaCodes",
              '{}'::text[] AS "networkIds", a."updatedAt" AS "date", '{}'::uuid[] AS "blockParties"
            FROM central_authority a WHERE a."id" = ANY(${ids}::uuid[])`,
      ),
    readSql: (_v, id) => exists('central_authority', id),
    listedSql: (id) => exists('central_authority', id),
  },
  {
    kind: 'PRACTITIONER',
    nodeType: 'Practitioner',
    objectType: () => Practitioner,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT p."id" AS "recordId", '' AS "language", p."displayName" AS "title",
              concat_ws(E'\n', p."organization", p."position", p."bio") AS "body", p."displayName" AS "names",
              ARRAY[p."countryCode"::text] AS "countryCodes", p."thematicAreaCodes",
              '{}'::text[] AS "networkIds", p."createdAt" AS "date", '{}'::uuid[] AS "blockParties"
            FROM practitioner p WHERE p."id" = ANY(${ids}::uuid[]) AND p."deletedAt" IS NULL`,
      ),
    readSql: (v, id) => exists('practitioner', id, practitionerReadSql(v, 'sr')),
    listedSql: (id) => exists('practitioner', id, listedPractitionerSql('sr')),
  },
  {
    kind: 'NETWORK',
    nodeType: 'Network',
    objectType: () => Network,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT n."id" AS "recordId", '' AS "language", n."name" AS "title", COALESCE(n."description", '') AS "body",
              n."name" AS "names",
              ARRAY(SELECT n."countryCode"::text WHERE n."countryCode" IS NOT NULL
                    UNION SELECT nc."countryCode"::text FROM network_country nc WHERE nc."networkId" = n."id") AS "countryCodes",
              CASE WHEN n."thematicAreaCode" IS NULL THEN '{}'::text[] ELSE ARRAY[n."thematicAreaCode"::text] END AS "thematicAreaCodes",
              ARRAY[n."id"::text] AS "networkIds", n."createdAt" AS "date", '{}'::uuid[] AS "blockParties"
            FROM network n WHERE n."id" = ANY(${ids}::uuid[])`,
      ),
    readSql: (v, id) => exists('network', id, networkReadSql(v)),
    listedSql: (id) => exists('network', id),
  },
  {
    kind: 'LIVE_EVENT',
    nodeType: 'LiveEvent',
    objectType: () => LiveEvent,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT e."id" AS "recordId", e."language", e."title", concat_ws(E'\n', e."summary", e."body") AS "body",
              NULL AS "names", e."countryCodes", e."thematicAreaCodes",
              ARRAY(SELECT en."networkId"::text FROM live_event_network en WHERE en."eventId" = e."id") AS "networkIds",
              e."startsAt" AS "date", ARRAY[e."authorId"] AS "blockParties"
            FROM live_event e WHERE e."id" = ANY(${ids}::uuid[])`,
      ),
    readSql: (v, id) => exists('live_event', id, liveEventReadSql(v, 'sr')),
    listedSql: (id) => exists('live_event', id, listedLiveEventSql('sr')),
  },
  {
    kind: 'COURSE',
    nodeType: 'Course',
    objectType: () => Course,
    // The cohort network is where learners discuss, not an audience: a course carries no network filter.
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT c."id" AS "recordId", lower(c."language") AS "language", c."title", concat_ws(E'\n', c."summary", c."body") AS "body",
              NULL AS "names", '{}'::text[] AS "countryCodes", c."thematicAreaCodes", '{}'::text[] AS "networkIds",
              COALESCE(c."publishedAt", c."createdAt") AS "date", '{}'::uuid[] AS "blockParties"
            FROM course c WHERE c."id" = ANY(${ids}::uuid[])`,
      ),
    readSql: (v, id) => exists('course', id, courseReadSql(v, 'sr')),
    listedSql: (id) => exists('course', id, listedCourseSql('sr')),
  },
  {
    kind: 'PUBLICATION',
    nodeType: 'Publication',
    objectType: () => Publication,
    documents: (m, ids) =>
      docs(
        m,
        sql`SELECT p."id" AS "recordId", lower(p."language") AS "language", p."title",
              concat_ws(E'\n', p."summary", p."body", p."symbol", p."isbn") AS "body", NULL AS "names",
              p."countryCodes", p."thematicAreaCodes",
              ARRAY(SELECT pn."networkId"::text FROM publication_network pn WHERE pn."publicationId" = p."id") AS "networkIds",
              make_date(p."year", 1, 1)::timestamptz AS "date", ARRAY[p."authorId"] AS "blockParties"
            FROM publication p WHERE p."id" = ANY(${ids}::uuid[])`,
      ),
    readSql: (v, id) => exists('publication', id, publicationReadSql(v, 'sr')),
    listedSql: (id) => exists('publication', id, listedPublicationSql('sr')),
  },
];
