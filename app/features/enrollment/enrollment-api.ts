import * as v from 'valibot';
import {
  DeviceAssertion,
  EnrollmentCode,
  EnrollmentConfig,
  EnrollmentGranted,
  ErrorCode,
  type BoxEnrollment,
  type EnrollmentStart,
  type ErrorBody,
  type PlatformIdentity,
} from '../../../protocol/index.ts';
import { ApiRequestError } from '../../../client/net/api-client.ts';

/** What one poll of `POST /api/enroll/token` says: the token, or one of RFC 8628's four answers. */
export type PollOutcome =
  | { status: 'granted'; granted: EnrollmentGranted }
  | { status: 'pending' }
  /** Polled too often: `intervalSec` is the new interval (null: the server did not say, so add 5 s as RFC 8628 does). */
  | { status: 'slow-down'; intervalSec: number | null }
  | { status: 'expired' }
  | { status: 'denied' };

/**
 * The enrollment routes a device without a token may call (protocol/enrollment.ts), and the cable operator's
 * device-auth service for zero-touch. Every answer is validated with protocol/; a refusal or an unreachable server
 * rejects with {@link ApiRequestError} (status 0 when nothing answered).
 */
export class EnrollmentApi {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
  }

  /** Where people approve codes, and the operator's device-auth service (null where there is none). */
  async config(): Promise<EnrollmentConfig> {
    return v.parse(EnrollmentConfig, (await send('GET', `${this.baseUrl}/api/enroll/config`)).json);
  }

  /** A new code to show (`POST /api/enroll/codes`). */
  async requestCode(start: EnrollmentStart): Promise<EnrollmentCode> {
    return v.parse(EnrollmentCode, (await send('POST', `${this.baseUrl}/api/enroll/codes`, start)).json);
  }

  async poll(deviceCode: string): Promise<PollOutcome> {
    const answer = await send('POST', `${this.baseUrl}/api/enroll/token`, { deviceCode }, [400]);
    if (answer.status !== 400) return { status: 'granted', granted: v.parse(EnrollmentGranted, answer.json) };
    const error = (answer.json as ErrorBody | null)?.error;
    switch (error?.code) {
      case ErrorCode.EnrollPending:
        return { status: 'pending' };
      case ErrorCode.EnrollSlowDown: {
        const seconds = error.details?.retryAfterSec;
        return {
          status: 'slow-down',
          intervalSec: typeof seconds === 'number' && seconds > 0 ? seconds : null,
        };
      }
      case ErrorCode.EnrollExpired:
        return { status: 'expired' };
      case ErrorCode.EnrollDenied:
        return { status: 'denied' };
      default:
        throw refusal(400, answer.json);
    }
  }

  /**
   * Asks the operator's device-auth service to vouch for this box; null when the operator does not know it (404).
   */
  async operatorAssertion(
    deviceAuthUrl: string,
    identity: PlatformIdentity,
  ): Promise<DeviceAssertion | null> {
    const url = `${deviceAuthUrl.replace(/\/$/, '')}/device-auth/token`;
    const answer = await send('POST', url, identity, [404]);
    return answer.status === 404 ? null : v.parse(DeviceAssertion, answer.json);
  }

  /** Zero-touch: the operator's assertion for the device token (`POST /api/enroll/box`). */
  async enrollBox(body: BoxEnrollment): Promise<EnrollmentGranted> {
    return v.parse(EnrollmentGranted, (await send('POST', `${this.baseUrl}/api/enroll/box`, body)).json);
  }
}

/** `answers`: refusals whose body is the answer (a poll's 400, the operator's 404). */
async function send(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  answers: readonly number[] = [],
): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiRequestError(0, ErrorCode.CarrierUnavailable, `${url} cannot be reached (${String(cause)})`);
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok && !answers.includes(response.status)) throw refusal(response.status, json);
  return { status: response.status, json };
}

function refusal(status: number, json: unknown): ApiRequestError {
  const error = (json as ErrorBody | null)?.error;
  return new ApiRequestError(
    status,
    error?.code ?? ErrorCode.Internal,
    error?.message ?? `HTTP ${status}`,
    error?.details,
  );
}
