import type { FastifyServerOptions } from 'fastify';

/** What a database error may keep in the log: what failed and where, never a value. */
const databaseFields = ['code', 'severity', 'routine', 'constraint', 'schema', 'table', 'column', 'dataType'] as const;
/** Properties of other errors that may carry a statement or its values. */
const dropped = new Set(['query', 'params', 'parameters', 'detail', 'where', 'internalQuery', 'queryOptions']);
const maxMessageChars = 500;

type ErrorLike = Error & Record<string, unknown>;

/** A failed query: Drizzle's wrapper (statement and parameters), or pg's and PGlite's own error. */
function isDatabaseError(err: ErrorLike): boolean {
  if ('query' in err || 'params' in err || 'parameters' in err) return true;
  return typeof err.severity === 'string' && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);
}

/**
 * Drizzle writes the whole statement and every parameter into its message; PostgreSQL quotes the offending value in
 * its own (`value "32768" is out of range…`). Quoted parts go, the code and the routine say what failed.
 */
function databaseMessage(err: ErrorLike): string {
  if (err.message.startsWith('Failed query')) return 'Failed query';
  return err.message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']*'/g, "'…'")
    .slice(0, maxMessageChars);
}

/** The stack's frames alone: its first line repeats the message. */
const frames = (stack: string | undefined) =>
  (stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');

/**
 * What the log keeps of an error. A failed bulk insert's error holds the statement and every value it carried
 * (megabytes of the users' data, once a ledger import overflowed a column), so database errors keep only their code,
 * routine, constraint, table and column; every error keeps its type, a bounded message and its stack frames.
 */
export function loggableError(err: Error, depth = 0): { type: string; message: string; stack: string; [key: string]: unknown } {
  const e = err as ErrorLike;
  const database = isDatabaseError(e);
  const out = {
    type: e.constructor?.name && e.constructor.name !== 'Error' ? e.constructor.name : e.name,
    message: database ? databaseMessage(e) : e.message.slice(0, maxMessageChars),
    stack: frames(e.stack),
  } as { type: string; message: string; stack: string; [key: string]: unknown };
  if (database) {
    for (const key of databaseFields) if (typeof e[key] === 'string') out[key] = e[key];
  } else {
    for (const [key, value] of Object.entries(e)) {
      if (dropped.has(key) || key === 'cause' || key in out) continue;
      if (typeof value === 'string') out[key] = value.slice(0, maxMessageChars);
      else if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    }
  }
  if (e.cause instanceof Error && depth < 3) out.cause = loggableError(e.cause, depth + 1);
  return out;
}

/** The logger options with `loggableError` as the serializer of every `err` the app logs. */
export function withLoggableErrors(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, err: loggableError } };
}
