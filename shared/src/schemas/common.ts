import { Type, type TProperties, type TSchema } from 'typebox';

/** An object schema that rejects unknown fields. */
export function Strict<T extends TProperties>(properties: T, options: { description?: string } = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

export const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
export const IdParams = Strict({ id: Id });
/** The days a date field may hold: PostgreSQL stores far more, but a year outside these is a typing slip. */
export const dateRange = { min: '1900-01-01', max: '2199-12-31' } as const;

/** A real calendar day written YYYY-MM-DD within `dateRange`; the one check behind every date the API reads. */
export function isStorableDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m || text < dateRange.min || text > dateRange.max) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Validated by `isStorableDate` (the server registers it as the `date` format). */
export const DateString = Type.String({ format: 'date', description: `YYYY-MM-DD, ${dateRange.min} to ${dateRange.max}` });
export const DateTimeString = Type.String({ format: 'date-time' });

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

export const OkResponse = Type.Object({ ok: Type.Literal(true) });

/** Common error answers, so every route documents its 4xx/5xx shape. */
export const errorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
  422: ErrorResponse,
  429: ErrorResponse,
  500: ErrorResponse,
  503: ErrorResponse,
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), total: Type.Integer() });
}

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};
