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

/**
 * Query strings and path parameters arrive as text and are coerced to their schema types;
 * JSON bodies are not, so `{"username": 1}` is a type error rather than the string "1".
 */
export function installValidation(app: FastifyInstance) {
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));

  // Our own JSON parser, so a prototype-poisoning key gets its own error code instead of a generic one.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (err) {
      const forbidden = err instanceof SyntaxError && /prototype|constructor/i.test(err.message) && !/JSON/.test(err.message);
      done(new AppError(forbidden ? 'common.forbidden_key' : 'common.bad_json'), undefined);
    }
  });
}
