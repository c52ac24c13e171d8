import { HttpResponse } from 'msw';
import type * as v from 'valibot';
import { validate } from '../../protocol/index.ts';
import type { MockDeviceTokens } from '../mock-device-tokens.ts';
import { failure, isFailure, type Failure } from '../refusals.ts';

/** How the mocked routes read requests and answer, as the backend's routes do. */

/** The token a request carries (`Authorization: Bearer …`); '' when none. */
export function bearerToken(request: Request): string {
  return request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
}

/** A device route's refusal of the request's token (unknown, missing or revoked), as `tokens` says. */
export function deviceRefusal(tokens: MockDeviceTokens, request: Request): Response {
  return refusal(tokens.refusal(bearerToken(request)));
}

/** A refusal: its status, and the error body. */
export function refusal(f: Failure): Response {
  return HttpResponse.json(f.body, { status: f.status });
}

/**
 * The request's JSON body, checked with `schema` from protocol/; or the 400 the backend answers with when it does
 * not fit (with the field it is about).
 */
export async function jsonBody<S extends v.GenericSchema>(
  request: Request,
  schema: S,
): Promise<{ ok: true; value: v.InferOutput<S> } | { ok: false; response: Response }> {
  const checked = validate(schema, await request.json().catch(() => undefined));
  if (checked.ok) return { ok: true, value: checked.value };
  const details = checked.field ? { field: checked.field } : undefined;
  return { ok: false, response: refusal(failure(400, checked.code, checked.message, details)) };
}

/**
 * A mock's answer as the route sends it: a refusal as itself, a value as `body(value)` in JSON with `status` (no body
 * at all when `body` gives null, as a 204 has none).
 */
export function answer<T>(
  result: T | Failure,
  body: (value: T) => unknown = (value) => value,
  status = 200,
): Response {
  if (isFailure(result)) return refusal(result);
  const json = body(result);
  return json === null ? new HttpResponse(null, { status }) : HttpResponse.json(json, { status });
}
