import type { DataSource } from 'typeorm';

/** Applies pending migrations, each in its own transaction. `synchronize` is never used. */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  await dataSource.runMigrations({ transaction: 'each' });
}
