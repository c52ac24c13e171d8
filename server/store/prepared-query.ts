import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Session } from './session.ts';
import type { Tables } from './tables.ts';

/**
 * A query of the hot paths (the outbox, device and token lookups, the delivery log), compiled once and run many
 * times: Kysely builds and compiles a query on every call, which cost about a sixth of the CPU of an alert's way
 * from the webhook to the set-top box. The query is written with Kysely as usual, its parameters taken from
 * `params`; it is built once, with a placeholder for each parameter, compiled for the session's engine (`?` on
 * SQLite, `$1` on PostgreSQL), and each call runs that SQL with the call's values in the placeholders' places.
 * It runs through the session like any query: in the transaction in progress, if any.
 *
 * Only scalar parameters: a list (`in`) or a value that changes the SQL's shape (a column, an operator, a row
 * count) cannot be a placeholder — write those as separate queries (see {@link preparedInsert} for row counts).
 *
 * @example
 * ```ts
 * const lastSeq = preparedQuery(session, (db, p: { id: string }) =>
 *   db.selectFrom('devices').select('last_seq').where('id', '=', p.id),
 * );
 * const row = await lastSeq.first({ id: deviceId });
 * ```
 */
export interface PreparedQuery<P, R> {
  /** The rows it returns (a select, or a write with `returning`). */
  rows(params: P): Promise<R[]>;
  /** Its first row, if any. */
  first(params: P): Promise<R | undefined>;
  /** How many rows it inserted, updated or deleted. */
  affected(params: P): Promise<number>;
}

export function preparedQuery<P extends object, R>(
  session: Session,
  build: (db: Kysely<Tables>, params: P) => Compilable<R>,
): PreparedQuery<P, R> {
  let template: Template<R> | undefined;
  const run = (params: P) => {
    const db = session.query();
    template ??= compileTemplate(build(db, placeholders<P>()).compile());
    return execute(db, template, (slot) => valueOf(params, slot.column));
  };
  return {
    rows: async (params) => (await run(params)).rows,
    first: async (params) => (await run(params)).rows[0],
    affected: async (params) => affectedRows(await run(params)),
  };
}

/**
 * An insert of any number of rows, compiled once per row count (and set of columns): the delivery log's lines,
 * a voicemail's recipients. `build` writes the insert of `rows` (with its `onConflict`, `returning`, …).
 * Returns how many rows it inserted. Counts past {@link MAX_PREPARED_ROWS} are compiled on each call.
 */
export interface PreparedInsert<Row> {
  insert(rows: readonly Row[]): Promise<number>;
}

/** Inserts of more rows than this are rare; their SQL is not kept. */
const MAX_PREPARED_ROWS = 32;

export function preparedInsert<Row extends object>(
  session: Session,
  build: (db: Kysely<Tables>, rows: Row[]) => Compilable<unknown>,
): PreparedInsert<Row> {
  const templates = new Map<string, Template<unknown>>();
  return {
    async insert(rows) {
      if (rows.length === 0) return 0;
      const db = session.query();
      const columns = definedKeys(rows[0]!);
      const key = `${rows.length}\n${columns.join('\n')}`;
      const sameColumns = rows.every((row) => definedKeys(row).join('\n') === columns.join('\n'));
      if (rows.length > MAX_PREPARED_ROWS || !sameColumns) {
        return affectedRows(await db.executeQuery(build(db, [...rows]).compile()));
      }
      let template = templates.get(key);
      if (!template) {
        const placeholderRows = rows.map((_, i) => placeholderRow<Row>(columns, i));
        template = compileTemplate(build(db, placeholderRows).compile());
        templates.set(key, template);
      }
      return affectedRows(await execute(db, template, (slot) => valueOf(rows[slot.row]!, slot.column)));
    },
  };
}

/**
 * Stands in for a parameter while a query is built and compiled: the property of the parameters object (of row
 * `row` of an insert) its value is read from.
 */
class Placeholder {
  readonly column: string;
  readonly row: number;
  constructor(column: string, row = 0) {
    this.column = column;
    this.row = row;
  }
}

/** Compiled SQL, and for each of its parameters the placeholder that gives its value, or its fixed value. */
interface Template<R> {
  compiled: CompiledQuery<R>;
  slots: readonly (Placeholder | { value: unknown })[];
}

function compileTemplate<R>(compiled: CompiledQuery<R>): Template<R> {
  return {
    compiled,
    slots: compiled.parameters.map((p) => (p instanceof Placeholder ? p : { value: p })),
  };
}

function execute<R>(
  db: Kysely<Tables>,
  template: Template<R>,
  value: (slot: Placeholder) => unknown,
): Promise<QueryResult<R>> {
  const parameters = template.slots.map((slot) => (slot instanceof Placeholder ? value(slot) : slot.value));
  return db.executeQuery<R>({ ...template.compiled, parameters });
}

function affectedRows(result: QueryResult<unknown>): number {
  return Number(result.numAffectedRows ?? 0);
}

function valueOf(params: object, name: string): unknown {
  if (!Object.hasOwn(params, name)) throw new Error(`no value for the query parameter ${name}`);
  // A parameter left undefined would be bound as nothing at all: the caller's mistake, said as such.
  const value: unknown = Reflect.get(params, name);
  if (value === undefined) throw new Error(`the query parameter ${name} is undefined`);
  return value;
}

function definedKeys(row: object): string[] {
  return Object.keys(row).filter((key) => Reflect.get(row, key) !== undefined);
}

/**
 * The parameters object `build` is given: each property it reads is a placeholder of that name. Typed as the
 * caller's parameters, which is what the query builder checks them against.
 */
function placeholders<P>(): P;
function placeholders(): unknown {
  return new Proxy({}, { get: (_, name) => (typeof name === 'string' ? new Placeholder(name) : undefined) });
}

/** Row `index` of an insert, with a placeholder for each of its columns. */
function placeholderRow<Row>(columns: readonly string[], index: number): Row;
function placeholderRow(columns: readonly string[], index: number): unknown {
  return Object.fromEntries(columns.map((column) => [column, new Placeholder(column, index)]));
}
