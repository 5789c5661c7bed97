import type { DataSource } from 'typeorm';
import type { Viewer } from '../../common/auth/viewer';
import { BadUserInputError, ConflictError } from '../../common/errors/errors';
import type { IdempotencyService } from '../../platform/idempotency/idempotency.service';
import { REPORT_DETAILS_MAX, ReportEntity } from './moderation.entity';
import { ReportReason, ReportStatus } from './moderation.enums';
import type { TargetType } from './moderation.enums';
import { authorOf } from './moderation-targets';
import type { ContentKinds } from '../content';

/** Reports filed by members, and reading one back. Decisions on them: ReportDecisionService. */
export class ReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
    /** The content kinds that can be reported (their authors are looked up through them). */
    readonly kinds: ContentKinds,
  ) {}

  /**
   * Files a report. The caller has already checked that the viewer can see the target. One open report per
   * reporter and target: a second one is CONFLICT.
   */
  async report(
    viewer: Viewer,
    targetType: TargetType,
    targetId: string,
    reason: ReportReason,
    details: string | null | undefined,
    idempotencyKey?: string | null,
  ): Promise<ReportEntity> {
    const load = (id: string) => this.dataSource.getRepository(ReportEntity).findOneByOrFail({ id });
    const args = { targetType, targetId, reason, details };
    const create = await this.idempotency.begin(viewer.id, 'report', idempotencyKey, args, load);
    if (create.earlier) return create.earlier;
    const text = details?.trim() || null;
    if (text && [...text].length > REPORT_DETAILS_MAX)
      throw new BadUserInputError('details is too long (2,000 characters at most).', [
        { field: 'details', message: `must be at most ${REPORT_DETAILS_MAX} characters` },
      ]);
    if (reason === ReportReason.OTHER && !text)
      throw new BadUserInputError('Explain an OTHER report in details.', [
        { field: 'details', message: 'is required when the reason is OTHER' },
      ]);
    const authorId = await authorOf(this.dataSource.manager, this.kinds, targetType, targetId);
    if (authorId === viewer.id)
      throw new BadUserInputError('You cannot report yourself or your own content.', [
        { field: 'targetId', message: 'must be someone else’s' },
      ]);
    // A concurrent retry with the same key may have committed since `begin`: it is a replay, not a conflict.
    const conflict = async (): Promise<ReportEntity> => {
      if (idempotencyKey) {
        const again = await this.idempotency.begin(viewer.id, 'report', idempotencyKey, args, load);
        if (again.earlier) return again.earlier;
      }
      throw new ConflictError('You have already reported this; a moderator will look at it.');
    };
    const repo = this.dataSource.getRepository(ReportEntity);
    if (await repo.existsBy({ reporterId: viewer.id, targetType, targetId, status: ReportStatus.OPEN }))
      return conflict();
    try {
      const { result } = await create.run((manager) =>
        manager.getRepository(ReportEntity).save(
          manager.create(ReportEntity, {
            reporterId: viewer.id,
            targetType,
            targetId,
            reason,
            details: text,
          }),
        ),
      );
      return result;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') return conflict();
      throw err;
    }
  }

  findReport(id: string): Promise<ReportEntity | null> {
    return this.dataSource.getRepository(ReportEntity).findOneBy({ id });
  }
}
