import { errorCatalog } from '@rectify/shared';
import { AppError } from '../app-error.js';

const fileErrorCodes = ['evidence.too_large', 'evidence.type_not_allowed', 'evidence.zip_bomb', 'evidence.storage_full', 'evidence.not_found', 'evidence.invalid_key'] as const;

export type FileErrorCode = (typeof fileErrorCodes)[number];

/** The evidence-file library's codes, as they stand in the shared catalogue. */
export const fileErrorCatalog = Object.fromEntries(fileErrorCodes.map((code) => [code, errorCatalog[code]])) as { [K in FileErrorCode]: (typeof errorCatalog)[K] };

/** A file refused or lost; an AppError, so the API answers it like any other (the cause is never sent). */
export class FileError extends AppError {
  declare readonly code: FileErrorCode;
  readonly status: number;

  constructor(code: FileErrorCode, options: { message?: string; details?: unknown; cause?: unknown } = {}) {
    super(code, { message: options.message, details: options.details });
    if (options.cause !== undefined) this.cause = options.cause;
    this.name = 'FileError';
    this.status = this.statusCode;
  }
}

export function isFileError(err: unknown, code?: FileErrorCode): err is FileError {
  return err instanceof FileError && (code === undefined || err.code === code);
}
