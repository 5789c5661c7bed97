import DataLoader from 'dataloader';
import { In, IsNull } from 'typeorm';
import type { DataSource } from 'typeorm';
import { CourseInvitationEntity } from './course-invitation.entity';

/** The most nominations `Practitioner.courseNominations` lists (the oldest; its declared list size). */
export const MAX_NOMINATIONS_LISTED = 50;

export interface CourseInvitationLoaders {
  byId: DataLoader<string, CourseInvitationEntity | null>;
  /** Accepted invitations of an account still awaiting vetting (nominations), the oldest MAX_NOMINATIONS_LISTED. */
  nominationsOf: DataLoader<string, CourseInvitationEntity[]>;
}

declare module '../../common/context' {
  interface Loaders {
    courseInvitation: CourseInvitationLoaders;
  }
}

export function createCourseInvitationLoaders(dataSource: DataSource): CourseInvitationLoaders {
  const repo = () => dataSource.getRepository(CourseInvitationEntity);
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await repo().findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    nominationsOf: new DataLoader(async (practitionerIds) => {
      const rows = await repo().find({
        where: { acceptedById: In([...practitionerIds]), enrolledAt: IsNull(), revokedAt: IsNull() },
        order: { acceptedAt: 'ASC', id: 'ASC' },
      });
      return practitionerIds.map((id) =>
        rows.filter((r) => r.acceptedById === id).slice(0, MAX_NOMINATIONS_LISTED),
      );
    }),
  };
}
