import fc from 'fast-check';
import type { JsonSchema } from './openapi.js';

const isoDate = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** Any text, including control characters, NUL, astral characters and lone surrogates. */
const anyText = (maxLength: number) => fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary', maxLength }), fc.string({ unit: 'grapheme', maxLength }));

function stringArb(schema: JsonSchema): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 64, 300);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  if (schema.format === 'date') return isoDate;
  if (schema.format === 'email') return fc.emailAddress().filter((e) => e.length <= maxLength);
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= maxLength);
  return fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }));
}

/** Values the schema accepts (mostly: patterns and formats are approximated). */
export function validArb(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((s) => validArb(s, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArb(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 - 1 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      // At most four items keep runs short, but never fewer than the schema's minimum (a ladder has exactly six steps).
      return depth > 3
        ? fc.constant([])
        : fc.array(validArb(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)) });
    case 'object': {
      const props = schema.properties ?? {};
      const record = Object.fromEntries(Object.entries(props).map(([key, s]) => [key, validArb(s, depth + 1)]));
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((key) => key in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of some other JSON type than the schema names. */
const wrongType = (schema: JsonSchema) => {
  const type = JSON.stringify(schema.type ?? schema.anyOf?.map((s) => s.type)) ?? (schema.enum ? JSON.stringify(schema.enum.map((v) => typeof v)) : '');
  const options: Array<fc.Arbitrary<unknown>> = [];
  if (!type.includes('string')) options.push(anyText(20));
  if (!type.includes('integer') && !type.includes('number')) options.push(fc.oneof(fc.integer(), fc.double()));
  if (!type.includes('boolean')) options.push(fc.boolean());
  if (!type.includes('null')) options.push(fc.constant(null));
  if (!type.includes('array')) options.push(fc.array(fc.integer(), { maxLength: 3 }));
  if (!type.includes('object')) options.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));
  return fc.oneof(...options);
};

/** One thing wrong with an otherwise valid object: a missing, unknown, mistyped, too long or out-of-range field. */
export function invalidObjectArb(schema: JsonSchema): fc.Arbitrary<unknown> {
  const props = Object.entries(schema.properties ?? {});
  const valid = validArb(schema) as fc.Arbitrary<Record<string, unknown>>;
  const mutations: Array<fc.Arbitrary<unknown>> = [
    fc.tuple(valid, fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in (schema.properties ?? {}))), fc.jsonValue({ maxDepth: 1 })).map(([v, k, x]) => ({ ...v, [k]: x })),
    fc.anything({ maxDepth: 2 }),
  ];
  const required = schema.required ?? [];
  if (required.length) mutations.push(fc.tuple(valid, fc.constantFrom(...required)).map(([v, k]) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== k))));
  if (props.length) {
    mutations.push(
      fc.constantFrom(...props).chain(([key, s]) => fc.tuple(valid, wrongType(s)).map(([v, x]) => ({ ...v, [key]: x }))),
    );
    const bounded = props.filter(([, s]) => s.maxLength !== undefined || s.maximum !== undefined || s.minimum !== undefined);
    if (bounded.length) {
      mutations.push(
        fc.constantFrom(...bounded).chain(([key, s]) =>
          valid.map((v) => ({ ...v, [key]: s.maxLength !== undefined ? 'x'.repeat(s.maxLength + 1) : s.maximum !== undefined ? s.maximum + 1 : s.minimum! - 1 })),
        ),
      );
    }
  }
  return fc.oneof(...mutations);
}

/** A query string from random, mostly-valid and invalid values for the documented parameters, plus strays. */
export function queryArb(params: Array<{ name: string; schema: JsonSchema }>): fc.Arbitrary<string> {
  const entry = fc.oneof(
    fc.constantFrom(...params).chain((p) => fc.oneof(validArb(p.schema), anyText(30), fc.integer()).map((v) => [p.name, String(v)] as const)),
    fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'constructor[prototype][x]', '__proto__[polluted]'), anyText(8)), anyText(20)),
  );
  return fc.array(entry, { maxLength: 5 }).map((pairs) => new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString());
}
