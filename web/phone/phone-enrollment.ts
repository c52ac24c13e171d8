import * as v from 'valibot';
import {
  EnrollmentApproved,
  EnrollmentGranted,
  EnrollmentRequestView,
  ErrorCode,
  HouseholdDeviceList,
  type EnrollmentApproval,
  type ErrorBody,
  type PhoneEnrollment,
} from '../../protocol/index.ts';
import { ApiRequestError } from '../../client/net/api-client.ts';
import type { EnrollmentApprover } from '../account/enroll-device.ts';

/** What the phone page says of itself when it enrolls (`appVersion`): the package's version. */
export const PHONE_PAGE_VERSION = '0.1.0';

/**
 * `POST /api/enroll/phone`: the phone proves it holds its line by signing in to the line's wireless account, and
 * gets its device token (and its line's SIM key). Refusals reject with {@link ApiRequestError}: `LOGIN_FAILED`
 * (`details.attemptsLeft`), `LOGIN_LOCKED` (`details.retryAfterSec`), `FORBIDDEN` (the line is not that account's).
 */
export async function enrollPhone(apiUrl: string, request: PhoneEnrollment): Promise<EnrollmentGranted> {
  return v.parse(EnrollmentGranted, await send(apiUrl, 'POST', '/api/enroll/phone', null, request));
}

/**
 * The household's enrollment routes as a phone of it calls them (`/api/household/*`, with its device token): what a
 * code asks, the household's devices, approve or decline.
 */
export function householdApprover(apiUrl: string, token: string): EnrollmentApprover {
  return {
    request: async (userCode) =>
      v.parse(
        EnrollmentRequestView,
        await send(apiUrl, 'GET', `/api/household/enrollments/${encodeURIComponent(userCode)}`, token),
      ),
    approve: async (approval: EnrollmentApproval) =>
      v.parse(EnrollmentApproved, await send(apiUrl, 'POST', '/api/household/enrollments', token, approval))
        .device,
    deny: async (userCode) => {
      await send(apiUrl, 'POST', `/api/household/enrollments/${encodeURIComponent(userCode)}/deny`, token);
    },
    devices: async () =>
      v.parse(HouseholdDeviceList, await send(apiUrl, 'GET', '/api/household/devices', token)).devices,
  };
}

async function send(
  apiUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(path, apiUrl), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiRequestError(
      0,
      ErrorCode.Internal,
      'Couchline cannot be reached: check the connection and try again',
    );
  }
  const json: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (json as ErrorBody | null)?.error;
    throw new ApiRequestError(
      response.status,
      error?.code ?? ErrorCode.Internal,
      error?.message ?? `the server answered ${response.status}`,
      error?.details,
    );
  }
  return json;
}
