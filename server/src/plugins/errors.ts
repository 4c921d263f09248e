import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorCatalog, type ErrorCode } from '@rectify/shared';
import { AppError } from '../lib/app-error.js';
import { isDatabaseUnavailable } from '../db/errors.js';
import type { SecurityHeaders } from './security-headers.js';

/** Fastify's own error codes and the shared code each one becomes. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'common.bad_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'common.bad_json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'common.unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'common.validation',
  FST_ERR_CTP_BODY_TOO_LARGE: 'common.payload_too_large',
  FST_ERR_VALIDATION: 'common.validation',
  FST_ERR_NOT_FOUND: 'common.not_found',
  FST_ERR_BAD_URL: 'common.bad_url',
  FST_REQ_FILE_TOO_LARGE: 'common.payload_too_large',
  FST_PARTS_LIMIT: 'common.payload_too_large',
  FST_FILES_LIMIT: 'common.payload_too_large',
  FST_FIELDS_LIMIT: 'common.payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'common.unsupported_media_type',
  FST_ERR_BAD_STATUS_CODE: 'common.internal',
};

function classify(err: FastifyError): { code: ErrorCode; message: string; details?: unknown } {
  if (err instanceof AppError) return { code: err.code, message: err.message, details: err.details };
  if (err.validation) {
    const first = err.validation[0];
    const where = [err.validationContext, first?.instancePath?.replace(/^\//, '').replace(/\//g, '.')].filter(Boolean).join('.');
    const extra = first?.params && 'additionalProperty' in first.params ? String(first.params.additionalProperty) : undefined;
    const field = extra ? `${where ? where + '.' : ''}${extra}` : where;
    const message = extra ? `不允许的字段：${field}` : `字段 ${field || '(请求)'} 不合法`;
    return { code: 'common.validation', message, details: { field, rule: first?.keyword } };
  }
  if (err.code && fastifyCodes[err.code]) {
    const code = fastifyCodes[err.code];
    return { code, message: errorCatalog[code].message };
  }
  if (err.statusCode === 429) return { code: 'common.rate_limited', message: errorCatalog['common.rate_limited'].message };
  if (err.statusCode === 413) return { code: 'common.payload_too_large', message: errorCatalog['common.payload_too_large'].message };
  if (err.statusCode === 415) return { code: 'common.unsupported_media_type', message: errorCatalog['common.unsupported_media_type'].message };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { code: 'common.validation', message: errorCatalog['common.validation'].message };
  }
  if (isDatabaseUnavailable(err)) return { code: 'common.db_unavailable', message: errorCatalog['common.db_unavailable'].message };
  return { code: 'common.internal', message: errorCatalog['common.internal'].message };
}

/**
 * Errors Fastify raises before routing (a URL that cannot be decoded): no hook has run, so the request id and the
 * security headers are set here, as the hooks would have.
 */
export function sendFrameworkError({ err, request, reply, headers }: { err: FastifyError; request: FastifyRequest; reply: FastifyReply; headers: SecurityHeaders }) {
  const { code, message } = classify(err);
  request.log.info({ code }, 'request refused before routing');
  headers(request.raw, reply.raw, () => {
    void reply.status(errorCatalog[code].status).header('x-request-id', request.id).send({ error: { code, message } });
  });
}

/**
 * Requests Node's HTTP parser refuses (a malformed request line or header, headers over the limit, a request that
 * never finished) never reach Fastify: answered on the socket in the house format, with the headers the hooks would
 * have set for a JSON answer.
 */
export function writeClientError(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    err.code === 'HPE_HEADER_OVERFLOW' ? 'common.headers_too_large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'common.request_timeout' : 'common.bad_request';
  const { status, message } = errorCatalog[code];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `x-request-id: ${randomUUID()}`,
        'X-Content-Type-Options: nosniff',
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        'X-Frame-Options: SAMEORIGIN',
        'Cache-Control: no-store',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy();
}

/** One error handler: every failure becomes `{ error: { code, message } }`; a 5xx never shows its cause. */
export default fp(
  async function errorsPlugin(fastify: FastifyInstance, { spa = false }: { spa?: boolean }) {
    fastify.setErrorHandler((err: FastifyError, request, reply) => {
      const { code, message, details } = classify(err);
      const status = errorCatalog[code].status;
      // A refusal for load is the server working as meant: a warning, not an error with a stack.
      if (code === 'common.busy') request.log.warn({ code, route: request.routeOptions.url }, 'request refused: busy');
      else if (status >= 500) request.log.error({ err, route: request.routeOptions.url }, 'request failed');
      else request.log.info({ code, route: request.routeOptions.url }, 'request refused');
      if (err instanceof AppError && err.retryAfterSeconds !== undefined) void reply.header('retry-after', String(err.retryAfterSeconds));
      void reply.status(status).send({ error: details === undefined ? { code, message } : { code, message, details } });
    });
    fastify.setNotFoundHandler((request, reply) => {
      // Client-side routes of the SPA get its page; a missing asset or API path stays a 404.
      const path = request.url.split('?')[0];
      if (spa && request.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) return reply.sendFile('index.html');
      void reply.status(404).send({ error: { code: 'common.not_found', message: errorCatalog['common.not_found'].message } });
    });
  },
  { name: 'errors' },
);
