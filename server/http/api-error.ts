import type { ErrorCode, ErrorDetails } from '../../protocol/index.ts';

/**
 * An error the client is told as it is: a stable code (protocol/errors.ts), a message and details. Domain code
 * throws it and knows no HTTP; the HTTP edge answers with the status error-status.ts gives the code.
 */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
