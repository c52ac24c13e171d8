/** Stable codes for everything that can go wrong in the TV app and the phone page, grouped by area. */
export const AppErrorCode = {
  ListenerFailed: 'APP_LISTENER_FAILED',
  NotPaired: 'APP_NOT_PAIRED',
  PushAuthFailed: 'PUSH_AUTH_FAILED',
  /** The household removed this device: its token was revoked. */
  PushRevoked: 'PUSH_REVOKED',
  /** Enrollment could not reach the backend or was refused; it keeps trying. */
  EnrollFailed: 'ENROLL_FAILED',
  PushReplaced: 'PUSH_REPLACED',
  PushBadFrame: 'PUSH_BAD_FRAME',
  StorageFailed: 'STORAGE_FAILED',
} as const;
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

/** The one error type of the client side (TV app and phone page): a stable code, whether the app can carry on, and what caused it. */
export class AppError extends Error {
  override name = 'AppError';
  readonly code: AppErrorCode;
  readonly fatal: boolean;

  constructor(code: AppErrorCode, message: string, options: { fatal?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.fatal = options.fatal ?? false;
  }
}
