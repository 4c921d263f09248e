import { errorCatalog, type ErrorCode } from '@rectify/shared';

/** An error the client is meant to see: a shared code, its HTTP status and a Chinese message. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details?: unknown;
  /** Sent as `Retry-After`: how long a client refused for load should wait. */
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, options: { message?: string; details?: unknown; retryAfterSeconds?: number } = {}) {
    super(options.message ?? errorCatalog[code].message);
    this.code = code;
    this.statusCode = errorCatalog[code].status;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
