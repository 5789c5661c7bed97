import { Field, ObjectType } from 'type-graphql';
import { Practitioner } from '../practitioner';
import type { PractitionerEntity } from '../practitioner';
import type { ReportEntity } from './moderation.entity';
import type { ModerationItemRow } from './moderation-queue.service';
import { ModerationItem, Report } from './moderation.types';

@ObjectType({ description: 'The result of `assignModerationItem`.' })
export class AssignModerationItemPayload {
  @Field(() => ModerationItem, { description: 'The queue item, with its new assignee.' })
  moderationItem: ModerationItemRow;
}

@ObjectType({ description: 'The result of `report`.' })
export class ReportPayload {
  @Field(() => Report, {
    description: 'Your report (OPEN), or the first one filed with this idempotency key.',
  })
  report: ReportEntity;
}

@ObjectType({ description: 'The result of `resolveReport`.' })
export class ResolveReportPayload {
  @Field(() => Report, {
    description: 'The report, resolved (every open report on the same target is resolved with it).',
  })
  report: ReportEntity;
}

@ObjectType({ description: 'The result of `suspendPractitioner`.' })
export class SuspendPractitionerPayload {
  @Field(() => Practitioner, { description: 'The practitioner, suspended.' })
  practitioner: PractitionerEntity;
}

@ObjectType({ description: 'The result of `unsuspendPractitioner`.' })
export class UnsuspendPractitionerPayload {
  @Field(() => Practitioner, { description: 'The practitioner, no longer suspended.' })
  practitioner: PractitionerEntity;
}
