import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCode } from '../../protocol/index.ts';

/**
 * The HTTP status of each stable error code: the one place that knows it. Domain code throws an
 * {@link ApiError} with a code (protocol/errors.ts); the HTTP edge answers with the status this table gives.
 * A code's status never depends on who raised it; a carrier's refusal keeps its code and gets the same status.
 */
export const HTTP_STATUS: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  [ErrorCode.ProtocolMalformed]: 400,
  [ErrorCode.ProtocolTooLarge]: 413,
  [ErrorCode.AuthRequired]: 401,
  [ErrorCode.AuthInvalidToken]: 401,
  [ErrorCode.AuthTimeout]: 401,
  [ErrorCode.PushReplaced]: 409,
  [ErrorCode.PushUnknownSeq]: 400,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.MailboxNotFound]: 404,
  [ErrorCode.DeviceNotFound]: 404,
  [ErrorCode.AudioInvalid]: 422,
  [ErrorCode.AudioConversionFailed]: 422,
  // Standard Webhooks answers a webhook it cannot verify with 401: a bad signature, headers that carry none to
  // check, or a timestamp outside the window (the signature may be genuine, but it no longer proves the sender).
  [ErrorCode.WebhookBadSignature]: 401,
  [ErrorCode.WebhookHeadersInvalid]: 401,
  [ErrorCode.WebhookStale]: 401,
  // A replay is authentic and fresh, and conflicts only with the copy already processed: 409, not 401, so a
  // carrier that retried after losing our first answer learns the message got through (it stops retrying on any
  // 4xx) rather than that its secret is wrong.
  [ErrorCode.WebhookReplayed]: 409,
  [ErrorCode.AuthInvalidDevice]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.PinWrong]: 403,
  [ErrorCode.PinLocked]: 423,
  [ErrorCode.PinNotSet]: 409,
  [ErrorCode.PinRejected]: 400,
  [ErrorCode.SessionInvalid]: 401,
  [ErrorCode.MessageNotFound]: 404,
  [ErrorCode.AudioUnplayable]: 422,
  [ErrorCode.CarrierUnavailable]: 503,
  [ErrorCode.TranscoderUnavailable]: 503,
  [ErrorCode.LoginFailed]: 401,
  [ErrorCode.LoginLocked]: 429,
  [ErrorCode.AccountSessionInvalid]: 401,
  [ErrorCode.ProvisioningOutOfOrder]: 409,
  [ErrorCode.AccountAlreadyLinked]: 409,
  [ErrorCode.LastLinkedAccount]: 409,
  [ErrorCode.LineNotFound]: 404,
  [ErrorCode.ConsentMissing]: 409,
  [ErrorCode.ConsentNotFound]: 404,
  [ErrorCode.DeviceNotOwned]: 422,
  [ErrorCode.DirectoryUnavailable]: 503,
  [ErrorCode.NoProgramme]: 409,
  [ErrorCode.TextRateLimited]: 429,
  // RFC 8628 answers every state of a pending code with 400 and its error code.
  [ErrorCode.EnrollPending]: 400,
  [ErrorCode.EnrollSlowDown]: 400,
  [ErrorCode.EnrollExpired]: 400,
  [ErrorCode.EnrollDenied]: 400,
  [ErrorCode.EnrollCodeUnknown]: 404,
  [ErrorCode.EnrollGuessLimited]: 429,
  [ErrorCode.EnrollIdentityInvalid]: 401,
  [ErrorCode.EnrollNotInHousehold]: 404,
  [ErrorCode.OperatorKeyInvalid]: 401,
  [ErrorCode.AuthRevoked]: 401,
  [ErrorCode.DemoDisabled]: 404,
  // The database is away: temporary, and nothing was committed, so a client (or a carrier) may retry as it is.
  [ErrorCode.StoreUnavailable]: 503,
  [ErrorCode.Internal]: 500,
};
