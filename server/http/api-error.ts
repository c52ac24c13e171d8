import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, ErrorDetails } from '../../protocol/index.ts';

/** An error a route answers as it is: HTTP status, stable code, message, and details for the client. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
