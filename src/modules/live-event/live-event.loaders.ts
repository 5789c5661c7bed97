import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import { loadViewerNetworkScope, NetworkEntity } from '../network';
import type { ViewerNetworkScope } from '../network';
import { groupBy } from '../../common/relay/batched-connection';
import { query, sql } from '../../common/db/sql';
import type { Viewer } from '../../common/auth/viewer';
import {
  LiveEventEntity,
  LiveEventNetworkEntity,
  LiveEventRegistrationEntity,
  LiveEventSpeakerEntity,
} from './live-event.entity';

export interface LiveEventLoaders {
  byId: DataLoader<string, LiveEventEntity | null>;
  registrationById: DataLoader<string, LiveEventRegistrationEntity | null>;
  /** The ids of the networks each event is held for. */
  networkIds: DataLoader<string, string[]>;
  /** The network rows of each event (one query). */
  networks: DataLoader<string, NetworkEntity[]>;
  /** The speakers of each event, in their order (organisers included). */
  speakers: DataLoader<string, LiveEventSpeakerEntity[]>;
  /** The viewer's own registration for each event, or null. */
  viewerRegistration: DataLoader<string, LiveEventRegistrationEntity | null>;
  /** The viewer's networks and blocks (one query per request). */
  viewerScope: () => Promise<ViewerNetworkScope>;
}

declare module '../../common/context' {
  interface Loaders {
    liveEvent: LiveEventLoaders;
  }
}

export function createLiveEventLoaders(dataSource: DataSource, viewer: Viewer | null): LiveEventLoaders {
  const viewerId = viewer?.id ?? null;
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(LiveEventEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    registrationById: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(LiveEventRegistrationEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    networkIds: new DataLoader(async (eventIds) => {
      const rows = await dataSource
        .getRepository(LiveEventNetworkEntity)
        .findBy({ eventId: In([...eventIds]) });
      const map = groupBy(rows, (r) => r.eventId);
      return eventIds.map((id) => (map.get(id) ?? []).map((r) => r.networkId));
    }),
    networks: new DataLoader(async (eventIds) => {
      const rows = await query<Record<string, unknown> & { eventId__: string }>(
        dataSource,
        sql`SELECT en."eventId" AS "eventId__", n.* FROM live_event_network en JOIN network n ON n.id = en."networkId"
          WHERE en."eventId" = ANY(${[...eventIds]}::uuid[]) ORDER BY n.name, n.id`,
      );
      const map = groupBy(rows, (r) => r.eventId__);
      return eventIds.map((id) =>
        (map.get(id) ?? []).map(({ eventId__: _eventId, ...columns }) =>
          Object.assign(new NetworkEntity(), columns),
        ),
      );
    }),
    speakers: new DataLoader(async (eventIds) => {
      const rows = await dataSource.getRepository(LiveEventSpeakerEntity).find({
        where: { eventId: In([...eventIds]) },
        order: { position: 'ASC', practitionerId: 'ASC' },
      });
      const map = groupBy(rows, (r) => r.eventId);
      return eventIds.map((id) => map.get(id) ?? []);
    }),
    viewerRegistration: new DataLoader(async (eventIds) => {
      if (!viewerId) return eventIds.map(() => null);
      const rows = await dataSource
        .getRepository(LiveEventRegistrationEntity)
        .findBy({ practitionerId: viewerId, eventId: In([...eventIds]) });
      const map = new Map(rows.map((r) => [r.eventId, r]));
      return eventIds.map((id) => map.get(id) ?? null);
    }),
    viewerScope: loadViewerNetworkScope(dataSource, viewerId),
  };
}
