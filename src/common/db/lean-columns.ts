import type { DataSource } from 'typeorm';
import { columnsOfEntity } from './prepared';

// Lean reads (issue 17): a list statement that reads only the columns its GraphQL selection needs. Parsing a
// row costs per value (dates and arrays most), so a feed page of 50 posts with their authors read whole spent
// 2.9 ms of the server's CPU in node-postgres, against 1.0 ms for the columns the page's fields use.
//
// An entity read this way is an instance of its class whose unread properties throw when read: a field or a
// rule that needs a column the statement left out fails loudly (in the tests), never with a silent
// `undefined`. Writing such a property gives the instance its own value. Lean entities are handed to the
// fields of the one request that read them; they are never primed into the request's by-id loaders, where
// other paths expect whole rows.

/** A lean entity's unread property was read: a field or rule needs a column its statement left out. */
export class UnreadColumnError extends Error {
  constructor(entity: string, property: string) {
    super(`${entity}.${property} was not read by this statement (add it to the field's column needs)`);
    this.name = 'UnreadColumnError';
  }
}

/**
 * Which properties of an entity the GraphQL fields of its type need. A selected field not named in
 * `byField` needs every column (the safe default for fields added later); `__typename` needs none.
 */
export interface ColumnNeeds {
  /** Read whatever is selected: the id and what the type's read rules and resolve type look at. */
  always: readonly string[];
  byField: Readonly<Record<string, readonly string[]>>;
}

/** How one statement reads an entity under a prefix, and how its rows become entities. */
export interface LeanShape<E> {
  /** Every column: the entities are ordinary instances. */
  complete: boolean;
  /** `alias."col" AS "<prefix>col", …` (trusted text: column names from TypeORM's metadata). */
  sql(alias: string, prefix: string): string;
  /**
   * The entity of a row (null when the row has no `<prefix>id`: a missing outer-joined row). Values TypeORM
   * converts on the way in are converted as it does (a `date` column's 'YYYY-MM-DD', a column's transformer).
   */
  from(row: Record<string, unknown>, prefix: string): E | null;
  /**
   * The entity of a row read as an array (queryPreparedArrays) whose columns `sql(…, prefix)` put from index
   * `at` on (`rows.at(shape.firstColumn(prefix))`), converted as `from` converts them; null without an id.
   */
  fromArray(row: readonly unknown[], at: number): E | null;
  /** The name `sql(alias, prefix)` gives its first column: where its columns start in an array row. */
  firstColumn(prefix: string): string;
  /**
   * The columns as JSON values, in order: `alias."col"`, … to put in a `json_build_array(…)` (jsonArraySql),
   * alone or beside other values, for a row nested in another statement's row (`json_agg`). Positional, not
   * keyed: an object repeats every column's name in each row, which PostgreSQL writes and the server parses.
   * Only for entities whose column types JSON carries as node-postgres parses them (bigint, numeric, date,
   * bytea… refuse).
   */
  jsonValues(alias: string): string[];
  /**
   * The entity of the values of `jsonValues` in a JSON array, from index `at` (timestamps become Dates, as
   * node-postgres gives them); null when its id is null (a missing outer-joined row).
   */
  fromJson(values: readonly unknown[], at?: number): E | null;
}

const LEAN = Symbol('lean entity');

/** Whether an entity was read with only some of its columns (see leanShape). */
export function isLean(entity: object): boolean {
  return (entity as { [LEAN]?: boolean })[LEAN] === true;
}

const SHAPES = new WeakMap<DataSource, Map<unknown, Map<string, LeanShape<unknown>>>>();

/**
 * The shape of an entity read for the selected fields of its GraphQL type (`fields` null: every column).
 * Shapes are cached per entity and set of columns, so a statement's text takes one form per selection.
 */
export function leanShape<E extends object>(
  dataSource: DataSource,
  entity: new () => E,
  needs: ColumnNeeds,
  fields: Iterable<string> | null,
): LeanShape<E> {
  const all = columnsOfEntity(dataSource, entity);
  let wanted: Set<string> | null = null;
  if (fields) {
    wanted = new Set(needs.always);
    for (const field of fields) {
      if (field === '__typename') continue;
      const properties = needs.byField[field];
      if (!properties) {
        wanted = null;
        break;
      }
      for (const p of properties) wanted.add(p);
    }
  }
  const read = wanted ? all.filter((c) => wanted!.has(c.property)) : all;
  const key = read.length === all.length ? '*' : read.map((c) => c.property).join(',');
  let byEntity = SHAPES.get(dataSource);
  if (!byEntity) SHAPES.set(dataSource, (byEntity = new Map()));
  let shapes = byEntity.get(entity);
  if (!shapes) byEntity.set(entity, (shapes = new Map()));
  let shape = shapes.get(key) as LeanShape<E> | undefined;
  if (!shape) {
    shape = makeShape(entity, all, read, columnKinds(dataSource, entity));
    shapes.set(key, shape as LeanShape<unknown>);
  }
  return shape;
}

/**
 * `json_build_array(…)` of `values` (LeanShape.jsonValues and other expressions). Throws beyond 100 values,
 * PostgreSQL's limit on a function's arguments.
 */
export function jsonArraySql(values: readonly string[]): string {
  if (values.length > 100) throw new Error(`json_build_array takes at most 100 values (${values.length})`);
  return `json_build_array(${values.join(', ')})`;
}

/** The shape that reads every column (ordinary entities). */
export function wholeShape<E extends object>(dataSource: DataSource, entity: new () => E): LeanShape<E> {
  return leanShape(dataSource, entity, { always: [], byField: {} }, null);
}

type Columns = ReadonlyArray<{ property: string; column: string }>;

const selectList = (read: Columns, alias: string, prefix: string): string =>
  read.map(({ column }) => `${alias}."${column}" AS "${prefix}${column}"`).join(', ');

/** How a column's JSON value becomes the value node-postgres would give: as is, a Date, or not at all. */
type JsonKind = 'plain' | 'date' | 'unsupported';

const DATE_TYPES = new Set([
  'timestamptz',
  'timestamp',
  'timestamp with time zone',
  'timestamp without time zone',
]);
// node-postgres gives strings for these (or a Date for `date`), JSON would give numbers or other forms.
const UNSUPPORTED_TYPES = new Set([
  'bigint',
  'int8',
  'numeric',
  'decimal',
  'date',
  'bytea',
  'money',
  'interval',
]);

/** What TypeORM does to a column's value as node-postgres gives it, when that is not nothing. */
type Hydrate = (value: unknown) => unknown;

// Column types TypeORM's PostgreSQL driver converts on the way in (a `date` becomes 'YYYY-MM-DD', not the
// Date node-postgres makes of it; the simple-* types are parsed from text). Enum arrays too: node-postgres
// gives them as '{A,B}'.
const CONVERTED_TYPES = new Set([
  'date',
  'time',
  'time with time zone',
  'time without time zone',
  'simple-array',
  'simple-json',
  'simple-enum',
  'hstore',
]);

interface ColumnKind {
  json: JsonKind;
  /** Set when a raw row's value is not the entity's (TypeORM's hydration, with the column's transformer). */
  hydrate: Hydrate | null;
}

function columnKinds(dataSource: DataSource, entity: new () => object): Map<string, ColumnKind> {
  const kinds = new Map<string, ColumnKind>();
  for (const c of dataSource.getMetadata(entity).columns) {
    const type = typeof c.type === 'string' ? c.type : c.type === Date ? 'timestamptz' : '';
    const converted = !!c.transformer || CONVERTED_TYPES.has(type) || (c.isArray && type === 'enum');
    kinds.set(c.propertyName, {
      json: converted
        ? 'unsupported'
        : DATE_TYPES.has(type)
          ? 'date'
          : UNSUPPORTED_TYPES.has(type)
            ? 'unsupported'
            : 'plain',
      hydrate: converted ? (value) => dataSource.driver.prepareHydratedValue(value, c) : null,
    });
  }
  return kinds;
}

/**
 * The shape reading `read` of the entity's columns `all`. When it reads them all, its entities are ordinary
 * instances; otherwise they share one prototype: the entity's, with a throwing accessor for each unread
 * property.
 */
function makeShape<E extends object>(
  entity: new () => E,
  all: Columns,
  read: Columns,
  kinds: Map<string, ColumnKind>,
): LeanShape<E> {
  const complete = read.length === all.length;
  let create = () => new entity() as Record<string, unknown>;
  if (!complete) {
    const proto = Object.create(entity.prototype) as Record<PropertyKey, unknown>;
    Object.defineProperty(proto, LEAN, { value: true });
    const readProperties = new Set(read.map((c) => c.property));
    for (const { property } of all) {
      if (readProperties.has(property)) continue;
      Object.defineProperty(proto, property, {
        configurable: true,
        get() {
          throw new UnreadColumnError(entity.name, property);
        },
        set(this: object, value: unknown) {
          Object.defineProperty(this, property, {
            value,
            writable: true,
            enumerable: true,
            configurable: true,
          });
        },
      });
    }
    create = () => Object.create(proto) as Record<string, unknown>;
  }
  // JSON carries some column types differently from node-postgres: such shapes refuse json/fromJson.
  const unsupported = read
    .filter((c) => kinds.get(c.property)?.json === 'unsupported')
    .map((c) => c.property);
  const jsonProblem = unsupported.length
    ? `${entity.name}: ${unsupported.join(', ')} cannot be read through JSON as node-postgres reads them`
    : null;
  const idAt = read.findIndex((c) => c.property === 'id');
  const dates = read.filter((c) => kinds.get(c.property)?.json === 'date');
  // The names a row's columns carry under each prefix, made once (not concatenated for every row and column).
  const keysByPrefix = new Map<string, { id: string; keys: string[] }>();
  const keysFor = (prefix: string) => {
    let keys = keysByPrefix.get(prefix);
    if (!keys)
      keysByPrefix.set(
        prefix,
        (keys = { id: `${prefix}id`, keys: read.map(({ column }) => `${prefix}${column}`) }),
      );
    return keys;
  };
  const hydrated = read.flatMap(({ property }) => {
    const hydrate = kinds.get(property)?.hydrate;
    return hydrate ? [{ property, hydrate }] : [];
  });
  return {
    complete,
    sql: (alias, prefix) => selectList(read, alias, prefix),
    from: (row, prefix) => {
      const { id, keys } = keysFor(prefix);
      if (row[id] == null) return null;
      const e = create();
      for (let i = 0; i < read.length; i++) e[read[i].property] = row[keys[i]];
      for (const { property, hydrate } of hydrated) e[property] = hydrate(e[property]);
      return e as E;
    },
    fromArray: (row, at) => {
      if (idAt >= 0 && row[at + idAt] == null) return null;
      const e = create();
      for (let i = 0; i < read.length; i++) e[read[i].property] = row[at + i];
      for (const { property, hydrate } of hydrated) e[property] = hydrate(e[property]);
      return e as E;
    },
    firstColumn: (prefix) => `${prefix}${read[0].column}`,
    jsonValues: (alias) => {
      if (jsonProblem) throw new Error(jsonProblem);
      return read.map(({ column }) => `${alias}."${column}"`);
    },
    fromJson: (values, at = 0) => {
      if (jsonProblem) throw new Error(jsonProblem);
      if (idAt >= 0 && values[at + idAt] == null) return null;
      const e = create();
      for (let i = 0; i < read.length; i++) e[read[i].property] = values[at + i];
      for (const { property } of dates)
        if (e[property] != null) e[property] = new Date(e[property] as string);
      return e as E;
    },
  };
}
