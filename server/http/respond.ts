import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as v from 'valibot';
import { ErrorCode, validate, type ErrorBody, type ErrorDetails } from '../../protocol/index.ts';

export function errorJson(
  c: Context,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  details?: ErrorDetails,
): Response {
  const body: ErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  return c.json(body, status);
}

/** Refuses bodies over `maxBytes` while they stream in, before any of it is parsed. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      // The rest of the body is still on its way: close the connection rather than read it, or the next request
      // on this keep-alive connection would be parsed out of the leftover bytes.
      c.header('connection', 'close');
      return errorJson(c, 413, ErrorCode.ProtocolTooLarge, `body exceeds ${maxBytes} bytes`);
    },
  });
}

export type BodyResult<T> = { ok: true; value: T; raw: string } | { ok: false; response: Response };

/** Reads a JSON body and validates it with a protocol schema; a failure is a ready 400 response. */
export async function readJson<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<BodyResult<v.InferOutput<S>>> {
  return parseJson(c, await c.req.text(), schema);
}

/** {@link readJson} of a body already read (`raw`): a route that checks the bytes first reads them once. */
export function parseJson<S extends v.GenericSchema>(
  c: Context,
  raw: string,
  schema: S,
): BodyResult<v.InferOutput<S>> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, response: errorJson(c, 400, ErrorCode.ProtocolMalformed, 'body is not valid JSON') };
  }
  const result = validate(schema, json);
  if (!result.ok) {
    const details = result.field ? { field: result.field } : undefined;
    return { ok: false, response: errorJson(c, 400, result.code, result.message, details) };
  }
  return { ok: true, value: result.value, raw };
}
