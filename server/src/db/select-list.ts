import { getTableColumns, getTableName, sql, type InferSelectModel, type SQL, type Table } from 'drizzle-orm';

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
