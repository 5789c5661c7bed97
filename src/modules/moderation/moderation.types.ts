import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ArrayMaxSize, MaxLength } from 'class-validator';
import { Node } from '../../common/relay/node.interface';
import { Connection } from '../../common/relay/connection';
import {
  ModerationAction,
  ModerationItemKind,
  ModerationItemStatus,
  ModerationLogAction,
  ReportReason,
  ReportStatus,
} from './moderation.enums';

export const REPORT_TYPE = 'Report';
export const MODERATION_ITEM_TYPE = 'ModerationItem';
export const MODERATION_LOG_ENTRY_TYPE = 'ModerationLogEntry';

@ObjectType('Report', {
  implements: Node,
  description:
    'A report of a post, comment, legal development or practitioner. Seen by its reporter and moderators.',
})
export class Report extends Node {
  @Field(() => ReportReason, { description: 'Why it was reported.' })
  reason: ReportReason;

  @Field(() => String, { nullable: true, description: 'The reporter’s explanation.' })
  details: string | null;

  @Field(() => ReportStatus, { description: 'Open or resolved.' })
  status: ReportStatus;

  @Field(() => ModerationAction, { nullable: true, description: 'The decision, once resolved.' })
  resolution: ModerationAction | null;

  @Field(() => String, { nullable: true, description: 'The moderator’s note on the decision.' })
  resolutionNote: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was resolved.' })
  resolvedAt: Date | null;

  @Field(() => Date, { description: 'When it was filed.' })
  createdAt: Date;
}

@ObjectType('ModerationItem', {
  implements: Node,
  description:
    'Something awaiting a moderator’s decision: a post to review, open reports on one target, a practitioner to ' +
    'vet. `node(id:)` fetches it while it waits, for those whose queue holds it.',
})
export class ModerationItem extends Node {
  @Field(() => ModerationItemKind, { description: 'What kind of decision it awaits.' })
  kind: ModerationItemKind;

  @Field(() => Date, { description: 'Since when it waits (submission, first open report, registration).' })
  waitingSince: Date;

  @Field(() => Int, { description: 'How many open reports there are on its subject.' })
  reportCount: number;

  @Field(() => Date, { nullable: true, description: 'When it was assigned; null while unassigned.' })
  assignedAt: Date | null;
}

export const ModerationItemConnection = Connection(ModerationItem, 'ModerationItem');

@InputType('ModerationQueueFilter', { description: 'Narrows the moderation queue.' })
export class ModerationQueueFilter {
  @Field(() => [ModerationItemKind], { nullable: true, description: 'Only these kinds.' })
  @ArrayMaxSize(10)
  kinds?: ModerationItemKind[] | null;

  @Field(() => ModerationItemStatus, {
    nullable: true,
    description: 'Only assigned, or only unassigned, items.',
  })
  status?: ModerationItemStatus | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only items about content shared with these networks (verifications have none).',
  })
  @ArrayMaxSize(50)
  networkIds?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Only items assigned to you.' })
  assignedToMe?: boolean | null;
}

@ObjectType('ModerationLogDetail', {
  description: 'One fact of a logged decision (e.g. `from`/`to` of a role).',
})
export class ModerationLogDetail {
  @Field({ description: 'What the fact is: `from`, `to`, `until`…' })
  key: string;

  @Field(() => String, { nullable: true, description: 'Its value.' })
  value: string | null;
}

@ObjectType('ModerationLogEntry', {
  implements: Node,
  description:
    'One moderation or role decision. The log is append-only: nothing edits or deletes an entry. A burst ' +
    '(the same actor changing the same target’s role again within 10 minutes of the previous change, with ' +
    'no one else’s change in between) is listed as its first entry, with `repeats`, `lastAt` and ' +
    '`finalDetails`; each repeat is still an entry of its own (`filter.includeRepeats`, `burstOf`).',
})
export class ModerationLogEntry extends Node {
  @Field(() => ModerationLogAction, { description: 'What was decided.' })
  action: ModerationLogAction;

  @Field(() => String, { nullable: true, description: 'The note or reason given.' })
  note: string | null;

  @Field(() => Date, { description: 'When.' })
  createdAt: Date;

  @Field(() => Int, {
    description: 'How many later changes of its burst this entry stands for (0 for a single decision).',
  })
  repeats: number;

  @Field(() => Date, {
    description: 'When the last change of its burst was made (`createdAt` without repeats).',
  })
  lastAt: Date;
}

export const ModerationLogConnection = Connection(ModerationLogEntry, 'ModerationLogEntry');

@InputType('ModerationLogFilter', { description: 'Narrows the moderation log.' })
export class ModerationLogFilter {
  @Field(() => ID, { nullable: true, description: 'Only decisions by this practitioner.' })
  actorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only decisions about this object (any ID).' })
  @MaxLength(200)
  targetId?: string | null;

  @Field(() => [ModerationLogAction], { nullable: true, description: 'Only these actions.' })
  @ArrayMaxSize(20)
  actions?: ModerationLogAction[] | null;

  @Field(() => Date, { nullable: true, description: 'From this moment (inclusive).' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until this moment (exclusive).' })
  to?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Also list the repeats folded into the first entry of their burst (each with `burstOf`); by default ' +
      'a burst is one entry. Time filters apply to each entry’s own `createdAt`.',
  })
  includeRepeats?: boolean | null;
}
