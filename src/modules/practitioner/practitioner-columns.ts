import type { DataSource } from 'typeorm';
import { wholeShape } from '../../common/db/lean-columns';
import { PractitionerEntity } from './practitioner.entity';

/**
 * A practitioner's row as prefixed columns of another module's statement (the lean read path: a post with
 * its author, a page of comments with their authors, in one statement), and back to an entity equal to
 * what the practitioner loader reads (every column; the driver's row types are the entity's). The whole
 * shape of common/db/lean-columns.ts.
 */
const whole = (dataSource: DataSource) => wholeShape(dataSource, PractitionerEntity);

/** `alias."col" AS "<prefix>col", ...` for every column of the practitioner `alias` (trusted text). */
export function practitionerColumnsSql(dataSource: DataSource, alias: string, prefix: string): string {
  return whole(dataSource).sql(alias, prefix);
}

/** The practitioner of practitionerColumnsSql's columns in `row`; null when the join found none. */
export function practitionerFromColumns(
  dataSource: DataSource,
  row: Record<string, unknown>,
  prefix: string,
): PractitionerEntity | null {
  return whole(dataSource).from(row, prefix);
}
