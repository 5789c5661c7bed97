import type { DataSource } from 'typeorm';
import { columnsOfEntity } from '../../common/db/prepared';
import { PractitionerEntity } from './practitioner.entity';

/**
 * A practitioner's row as prefixed columns of another module's statement (the lean read path: a post with
 * its author, a page of comments with their authors, in one statement), and back to an entity equal to
 * what the practitioner loader reads (every column; the driver's row types are the entity's).
 */
function columnsOf(dataSource: DataSource): { property: string; column: string }[] {
  return columnsOfEntity(dataSource, PractitionerEntity);
}

/** `alias."col" AS "<prefix>col", ...` for every column of the practitioner `alias` (trusted text). */
export function practitionerColumnsSql(dataSource: DataSource, alias: string, prefix: string): string {
  return columnsOf(dataSource)
    .map(({ column }) => `${alias}."${column}" AS "${prefix}${column}"`)
    .join(', ');
}

/** The practitioner of practitionerColumnsSql's columns in `row`; null when the join found none. */
export function practitionerFromColumns(
  dataSource: DataSource,
  row: Record<string, unknown>,
  prefix: string,
): PractitionerEntity | null {
  if (row[`${prefix}id`] == null) return null;
  const entity = new PractitionerEntity();
  const target = entity as unknown as Record<string, unknown>;
  for (const { property, column } of columnsOf(dataSource)) target[property] = row[`${prefix}${column}`];
  return entity;
}

/** The columns of `row` that do not start with `prefix` (the other table's share of a joined row). */
export function withoutPrefix(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const key in row) if (!key.startsWith(prefix)) rest[key] = row[key];
  return rest;
}
