import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { accountViewer } from '../../common/auth/viewer';
import type { Viewer } from '../../common/auth/viewer';
import { isVerified } from '../../common/auth/policy';
import { hashOpaqueToken, newOpaqueToken, OPAQUE_TOKEN_PATTERN } from '../../common/auth/tokens';
import { policyScope, query, sql } from '../../common/db/sql';
import { canViewPractitioner, PractitionerEntity } from '../practitioner';
import { LiveEventCalendarFeedEntity, LiveEventEntity } from './live-event.entity';
import { RegistrationStatus } from './live-event.enums';
import { liveEventReadSql } from './live-event.policy';
import { renderCalendar } from './live-event.calendar';

/** The path of a feed, relative to the server's origin. */
export const calendarFeedPath = (token: string) => `/calendar/${token}.ics`;

/** The registrations a member's feed lists. */
export const FEED_REGISTRATIONS = [
  RegistrationStatus.APPROVED,
  RegistrationStatus.WAITING,
  RegistrationStatus.PENDING,
] as const;

/** The most events one feed lists (the latest starts). */
export const FEED_MAX_EVENTS = 500;

/**
 * Members' private calendar feeds: a token of 256 random bits per member (only its SHA-256 is stored), and
 * the feed it serves, read with the owner's read policy at every fetch.
 */
export class LiveEventCalendarService {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the viewer's feed, or replaces its token (the old URL stops working). Returns the new token. */
  async resetFeed(viewer: Viewer): Promise<string> {
    const { token, hash } = newOpaqueToken();
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(LiveEventCalendarFeedEntity)
      .values({ practitionerId: viewer.id, tokenHash: hash })
      .orUpdate(['tokenHash', 'createdAt'], ['practitionerId'])
      .execute();
    return token;
  }

  /**
   * The feed of a token, or null for an unknown one. The owner's registrations (APPROVED, WAITING, PENDING)
   * for events they may see now; empty while the owner is not verified or is suspended.
   */
  async feed(token: string): Promise<string | null> {
    if (!OPAQUE_TOKEN_PATTERN.test(token)) return null;
    const row = await this.dataSource
      .getRepository(LiveEventCalendarFeedEntity)
      .findOneBy({ tokenHash: hashOpaqueToken(token) });
    if (!row) return null;
    const owner = await this.dataSource
      .getRepository(PractitionerEntity)
      .findOneBy({ id: row.practitionerId });
    if (!owner) return null;
    const viewer = accountViewer(owner);
    if (!isVerified(viewer) || viewer.suspended) return renderCalendar([], { name: 'Praxis live events' });
    const rows = await query<{ id: string; status: RegistrationStatus }>(
      this.dataSource,
      sql`SELECT e."id", r."status" FROM live_event_registration r JOIN live_event e ON e."id" = r."eventId"
          WHERE r."practitionerId" = ${owner.id}::uuid AND r."status"::text = ANY(${[...FEED_REGISTRATIONS]}::text[])
            AND ${policyScope(viewer, (v) => liveEventReadSql(v, 'e'))}
          ORDER BY e."startsAt" DESC, e."id" LIMIT ${FEED_MAX_EVENTS}`,
    );
    const events = rows.length
      ? await this.dataSource.getRepository(LiveEventEntity).findBy({ id: In(rows.map((r) => r.id)) })
      : [];
    const authorIds = [...new Set(events.map((e) => e.authorId))];
    const authors = authorIds.length
      ? await this.dataSource.getRepository(PractitionerEntity).findBy({ id: In(authorIds) })
      : [];
    const names = new Map(
      authors.filter((a) => canViewPractitioner(viewer, a)).map((a) => [a.id, a.displayName]),
    );
    const statusOf = new Map(rows.map((r) => [r.id, r.status]));
    events.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
    return renderCalendar(
      events.map((event) => ({
        event,
        organizerName: names.get(event.authorId) ?? null,
        registration: statusOf.get(event.id),
      })),
      { name: 'Praxis live events' },
    );
  }
}
