import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { Max, Min, MaxLength } from 'class-validator';
import { BadUserInputError } from '../errors/errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'How many items to return (1 to 100).' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = DEFAULT_PAGE_SIZE;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (`pageInfo.endCursor`).',
  })
  @MaxLength(500)
  after?: string | null;
}

@ObjectType({ description: 'Where a page of a connection stands.' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item of this page; pass it as `after`.',
  })
  endCursor: string | null;
}

/** Keyset cursor: the sort-key values of the last row, opaque to clients. */
export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; `shape` lists the expected types of its values. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
type CursorPart = 'string' | 'number' | 'uuid' | 'timestamp';

export function decodeCursor(cursor: string, shape: ReadonlyArray<CursorPart>): (string | number)[] {
  const bad = () =>
    new BadUserInputError('after is not a valid cursor.', [
      { field: 'after', message: 'is not a valid cursor' },
    ]);
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(values) || values.length !== shape.length) throw bad();
  values.forEach((v, i) => {
    const ok =
      shape[i] === 'uuid'
        ? typeof v === 'string' && UUID.test(v)
        : shape[i] === 'timestamp'
          ? typeof v === 'string' && ISO_DATE.test(v)
          : typeof v === shape[i];
    if (!ok) throw bad();
  });
  return values as (string | number)[];
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** Turns `first + 1` fetched rows into a page; `cursorOf` gives each row's keyset values. */
export function toPage<T>(
  rows: T[],
  first: number,
  cursorOf: (row: T) => ReadonlyArray<string | number>,
): Page<T> {
  const hasNextPage = rows.length > first;
  const slice = hasNextPage ? rows.slice(0, first) : rows;
  const edges = slice.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}
