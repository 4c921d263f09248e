import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { isStorableDate } from '@rectify/shared';
import { AppError } from '../lib/app-error.js';

function makeAjv(coerceTypes: boolean | 'array') {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes, allErrors: false, strict: false });
  addFormats.default(ajv);
  // Replaces ajv-formats' date: year 0000 passes that one and PostgreSQL then refuses it with a 500.
  ajv.addFormat('date', { type: 'string', validate: isStorableDate });
  return ajv;
}

type TextFault = 'nul' | 'surrogate';

// In a `u` regex a paired surrogate is one code point, so only a lone half matches (String#isWellFormed, ES2024).
const loneSurrogate = /[\uD800-\uDFFF]/u;

/**
 * PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate (`"\ud800"` in JSON) is no character at all:
 * jsonb refuses it and text would store a replacement. Refused here, either is a 400 rather than a failed query's 500.
 */
function textFault(value: unknown, depth = 0): TextFault | null {
  if (typeof value === 'string') return value.includes('\u0000') ? 'nul' : loneSurrogate.test(value) ? 'surrogate' : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, inner] of Object.entries(value)) {
    const fault = textFault(key, depth + 1) ?? textFault(inner, depth + 1);
    if (fault) return fault;
  }
  return null;
}

const faultMessages: Record<TextFault, string> = {
  nul: '文本中不能包含空字符（U+0000）',
  surrogate: '文本中包含不成对的代理项（不是合法的 Unicode 字符）',
};

const textRefused = (rule: TextFault) => new AppError('common.validation', { message: faultMessages[rule], details: { rule } });

/**
 * Query strings and path parameters arrive as text and are coerced to their schema types;
 * JSON bodies are not, so `{"username": 1}` is a type error rather than the string "1".
 */
export function installValidation(app: FastifyInstance) {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));

  app.addHook('preValidation', (request, _reply, done) => {
    const fault = textFault(request.query) ?? textFault(request.params);
    done(fault ? textRefused(fault) : undefined);
  });
  // Our own JSON parser, so a prototype-poisoning key gets its own error code instead of a generic one.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      const parsed: unknown = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
      const fault = textFault(parsed);
      if (fault) return done(textRefused(fault), undefined);
      done(null, parsed);
    } catch (err) {
      const forbidden = err instanceof SyntaxError && /prototype|constructor/i.test(err.message) && !/JSON/.test(err.message);
      done(new AppError(forbidden ? 'common.forbidden_key' : 'common.bad_json'), undefined);
    }
  });
}
