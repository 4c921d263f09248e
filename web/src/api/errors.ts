/** Codes the web app raises itself, for failures that never reached the API or got no answer in its shape. */
export const clientErrorCodes = ['client.network', 'client.bad_response'] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];

/** A failed API call: the HTTP status (0 when the network failed), the shared error code and a translated message. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's own message, kept for logs and for codes the web does not know. */
  readonly serverMessage: string | undefined;
  readonly details: unknown;

  constructor({ status, code, message, serverMessage, details }: { status: number; code: string; message: string; serverMessage?: string; details?: unknown }) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.details = details;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
