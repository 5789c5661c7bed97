import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import {
  DEFAULT_QUESTION_SETTINGS,
  LiveEventQuestionCommentEntity,
  LiveEventQuestionEntity,
  LiveEventQuestionSettingsEntity,
  LiveEventQuestionUpvoteEntity,
} from './live-event-question.entity';

export interface LiveEventQuestionLoaders {
  byId: DataLoader<string, LiveEventQuestionEntity | null>;
  commentById: DataLoader<string, LiveEventQuestionCommentEntity | null>;
  /** Each event's question settings (the defaults without a row). */
  settings: DataLoader<string, { questionsOpen: boolean; moderated: boolean }>;
  /** Whether the viewer upvoted each question. */
  viewerUpvoted: DataLoader<string, boolean>;
}

declare module '../../common/context' {
  interface Loaders {
    liveEventQuestion: LiveEventQuestionLoaders;
  }
}

export function createLiveEventQuestionLoaders(
  dataSource: DataSource,
  viewer: Viewer | null,
): LiveEventQuestionLoaders {
  const viewerId = viewer?.id ?? null;
  return {
    byId: new DataLoader(async (ids) => {
      const rows = await dataSource.getRepository(LiveEventQuestionEntity).findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    commentById: new DataLoader(async (ids) => {
      const rows = await dataSource
        .getRepository(LiveEventQuestionCommentEntity)
        .findBy({ id: In([...ids]) });
      const map = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    settings: new DataLoader(async (eventIds) => {
      const rows = await dataSource
        .getRepository(LiveEventQuestionSettingsEntity)
        .findBy({ eventId: In([...eventIds]) });
      const map = new Map(rows.map((r) => [r.eventId, r]));
      return eventIds.map((id) => map.get(id) ?? { ...DEFAULT_QUESTION_SETTINGS });
    }),
    viewerUpvoted: new DataLoader(async (questionIds) => {
      if (!viewerId) return questionIds.map(() => false);
      const rows = await dataSource
        .getRepository(LiveEventQuestionUpvoteEntity)
        .findBy({ practitionerId: viewerId, questionId: In([...questionIds]) });
      const set = new Set(rows.map((r) => r.questionId));
      return questionIds.map((id) => set.has(id));
    }),
  };
}
