import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from './schema';

/** The SDL of the schema the code builds, sorted so that the committed file diffs cleanly. */
export async function printSchemaSdl(): Promise<string> {
  const schema = await createSchema(null);
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}
