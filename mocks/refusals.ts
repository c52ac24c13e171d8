import { ErrorCode, type ErrorBody, type ErrorDetails } from '../protocol/index.ts';

/**
 * A refusal as the backend answers it: the HTTP status and the one error body every route uses. The mocks' commands
 * return their value or one of these, and the route sends either.
 */
export interface Failure {
  status: number;
  body: ErrorBody;
}

export function failure(status: number, code: ErrorCode, message: string, details?: ErrorDetails): Failure {
  return { status, body: { error: { code, message, ...(details ? { details } : {}) } } };
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value;
}

/** A device route called without a valid device token. */
export const noDeviceToken = (): Failure =>
  failure(401, ErrorCode.AuthInvalidDevice, 'a device token is required');

/** A device route called with the token of a device its household removed (told apart, as the backend does). */
export const revokedDevice = (): Failure =>
  failure(401, ErrorCode.AuthRevoked, 'this device was removed from its household: enroll it again');
