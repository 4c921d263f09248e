import { getTableColumns, getTableName, sql, type InferSelectModel, type SQL, type Table } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/**
 * A table's select list written once, with a decoder for its rows: for reads on hot paths (the ledger list, an
 * item and its detail), where building a select with the query builder on every request cost more CPU than the
 * database spent answering it. Columns are aliased to their property names and decoded with each column's own
 * driver mapping, as the builder would; `extra` names the other columns a query adds (joined names, say).
 */
export function selectListOf<T extends Table, K extends keyof InferSelectModel<T> & string = never>(table: T, { omit = [] }: { omit?: readonly K[] } = {}) {
  const tableName = getTableName(table);
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !(omit as readonly string[]).includes(key));
  const list: SQL = sql.raw(columns.map(([key, column]) => `"${tableName}"."${column.name}" AS "${key}"`).join(', '));
  function decode(row: Record<string, unknown>): Omit<InferSelectModel<T>, K> {
    const out: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = row[key];
      out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return out as Omit<InferSelectModel<T>, K>;
  }
  return { list, decode };
}

const dialect = new PgDialect();

/**
 * A fragment without parameters turned into its text once, at module load: Drizzle walks every chunk of a statement
 * (each table, column and literal) each time the statement is sent, and for the detail's four lists that walk cost
 * more than sending them. Use it for the fixed parts of statements on hot paths; values still go in as parameters.
 */
export function fixedSql(fragment: SQL): SQL {
  const { sql: text, params } = dialect.sqlToQuery(fragment);
  if (params.length > 0) throw new Error('fixedSql: the fragment has parameters');
  return sql.raw(text);
}
