import DataLoader from 'dataloader';
import { query, sql } from '../../common/db/sql';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { ContactRequestEntity } from './contact.entity';
import { ContactStatus } from './contact.enums';

export interface ContactLoaders {
  /** Contact requests by id (callers apply canViewContactRequest); null when absent. */
  requestById: DataLoader<string, ContactRequestEntity | null>;
  /** Where the viewer stands with each practitioner: one query per batch; NONE for anonymous callers. */
  statusWithViewer: DataLoader<string, ContactStatus>;
}

declare module '../../common/context' {
  interface Loaders {
    contact: ContactLoaders;
  }
}

const PRECEDENCE = [
  ContactStatus.NONE,
  ContactStatus.PENDING_OUTGOING,
  ContactStatus.PENDING_INCOMING,
  ContactStatus.CONTACT,
];

export function createContactLoaders(dataSource: DataSource, viewer: Viewer | null): ContactLoaders {
  return {
    requestById: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(ContactRequestEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),

    statusWithViewer: new DataLoader(async (ids) => {
      if (!viewer) return ids.map(() => ContactStatus.NONE);
      const others = [...ids];
      const rows = await query<{ id: string; status: ContactStatus }>(
        dataSource,
        sql`SELECT "contactId" AS "id", 'CONTACT' AS "status" FROM contact
              WHERE "practitionerId" = ${viewer.id} AND "contactId" = ANY(${others}::uuid[])
            UNION ALL
            SELECT "addresseeId", 'PENDING_OUTGOING' FROM contact_request
              WHERE "requesterId" = ${viewer.id} AND "addresseeId" = ANY(${others}::uuid[]) AND "status" = 'PENDING'
            UNION ALL
            SELECT "requesterId", 'PENDING_INCOMING' FROM contact_request
              WHERE "addresseeId" = ${viewer.id} AND "requesterId" = ANY(${others}::uuid[]) AND "status" = 'PENDING'`,
      );
      const map = new Map<string, ContactStatus>();
      for (const r of rows) {
        const current = map.get(r.id) ?? ContactStatus.NONE;
        if (PRECEDENCE.indexOf(r.status) > PRECEDENCE.indexOf(current)) map.set(r.id, r.status);
      }
      return ids.map((id) => map.get(id) ?? ContactStatus.NONE);
    }),
  };
}
