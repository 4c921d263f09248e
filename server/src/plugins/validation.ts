import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../lib/app-error.js';

function makeAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: false, strict: false });
  addFormats.default(ajv);
  return ajv;
}

/** PostgreSQL text cannot hold U+0000: refused here it is a 400, not a failed query answering 500. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holdsNul(inner, depth + 1));
}

const nulRefused = () => new AppError('common.validation', { message: '文本中不能包含空字符（U+0000）', details: { rule: 'nul' } });

/**
 * Query strings and path parameters arrive as text and are coerced to their schema types;
 * JSON bodies are not, so `{"username": 1}` is a type error rather than the string "1".
 */
export function installValidation(app: FastifyInstance) {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));

  app.addHook('preValidation', (request, _reply, done) => {
    done(holdsNul(request.query) || holdsNul(request.params) ? nulRefused() : undefined);
  });
  // Our own JSON parser, so a prototype-poisoning key gets its own error code instead of a generic one.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      const parsed: unknown = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
      if (holdsNul(parsed)) return done(nulRefused(), undefined);
      done(null, parsed);
    } catch (err) {
      const forbidden = err instanceof SyntaxError && /prototype|constructor/i.test(err.message) && !/JSON/.test(err.message);
      done(new AppError(forbidden ? 'common.forbidden_key' : 'common.bad_json'), undefined);
    }
  });
}
