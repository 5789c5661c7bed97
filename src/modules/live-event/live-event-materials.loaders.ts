import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/relay/batched-connection';
import { query, sql } from '../../common/db/sql';
import { PostEntity } from '../post';
import {
  LiveEventAttendanceEntity,
  LiveEventRecordingEntity,
  LiveEventSummaryEntity,
  LiveEventTranscriptEntity,
} from './live-event-materials.entity';

export interface LiveEventMaterialLoaders {
  recordingById: DataLoader<string, LiveEventRecordingEntity | null>;
  transcriptById: DataLoader<string, LiveEventTranscriptEntity | null>;
  /** Each event's recordings, oldest first. */
  recordings: DataLoader<string, LiveEventRecordingEntity[]>;
  /** Each event's transcripts, by language. */
  transcripts: DataLoader<string, LiveEventTranscriptEntity[]>;
  summary: DataLoader<string, LiveEventSummaryEntity | null>;
  post: DataLoader<string, PostEntity | null>;
  /** Attendance by registration id. */
  attendance: DataLoader<string, LiveEventAttendanceEntity | null>;
  /** How many attended each event (among its APPROVED registrations: one who withdrew since is not counted). */
  attendeeCount: DataLoader<string, number>;
}

declare module '../../common/context' {
  interface Loaders {
    liveEventMaterials: LiveEventMaterialLoaders;
  }
}

function byIds<E extends { id: string }>(dataSource: DataSource, entity: new () => E) {
  return new DataLoader<string, E | null>(async (ids) => {
    const rows = await dataSource.getRepository(entity).findBy({ id: In([...ids]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

export function createLiveEventMaterialLoaders(dataSource: DataSource): LiveEventMaterialLoaders {
  return {
    recordingById: byIds(dataSource, LiveEventRecordingEntity),
    transcriptById: byIds(dataSource, LiveEventTranscriptEntity),
    post: byIds(dataSource, PostEntity),
    recordings: new DataLoader(async (eventIds) => {
      const rows = await dataSource.getRepository(LiveEventRecordingEntity).find({
        where: { eventId: In([...eventIds]) },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.eventId);
      return eventIds.map((id) => map.get(id) ?? []);
    }),
    transcripts: new DataLoader(async (eventIds) => {
      const rows = await dataSource.getRepository(LiveEventTranscriptEntity).find({
        where: { eventId: In([...eventIds]) },
        order: { language: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.eventId);
      return eventIds.map((id) => map.get(id) ?? []);
    }),
    summary: new DataLoader(async (eventIds) => {
      const rows = await dataSource
        .getRepository(LiveEventSummaryEntity)
        .findBy({ eventId: In([...eventIds]) });
      const map = new Map(rows.map((r) => [r.eventId, r]));
      return eventIds.map((id) => map.get(id) ?? null);
    }),
    attendance: new DataLoader(async (registrationIds) => {
      const rows = await dataSource
        .getRepository(LiveEventAttendanceEntity)
        .findBy({ registrationId: In([...registrationIds]) });
      const map = new Map(rows.map((r) => [r.registrationId, r]));
      return registrationIds.map((id) => map.get(id) ?? null);
    }),
    attendeeCount: new DataLoader(async (eventIds) => {
      const rows = await query<{ eventId: string; n: number }>(
        dataSource,
        sql`SELECT a."eventId", count(*)::int AS n FROM live_event_attendance a
            JOIN live_event_registration r ON r.id = a."registrationId" AND r."status" = 'APPROVED'
            WHERE a."attended" AND a."eventId" = ANY(${[...eventIds]}::uuid[]) GROUP BY a."eventId"`,
      );
      const map = new Map(rows.map((r) => [r.eventId, Number(r.n)]));
      return eventIds.map((id) => map.get(id) ?? 0);
    }),
  };
}
