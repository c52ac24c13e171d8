import type { ErrorBody, ErrorCode, ErrorDetails } from '../../protocol/index.ts';

/** A carrier system's answer that is not success (voicemail server, account directory), with the stable code and details it gave. */
export class CarrierError extends Error {
  override name = 'CarrierError';
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(status: number, code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface PartnerApi {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Who it is, for errors ("the voicemail server"). */
  name: string;
  /** The code for "did not answer". */
  unavailableCode: ErrorCode;
}

/**
 * One request to a carrier's partner API with our key. A refusal becomes a {@link CarrierError} with the code
 * and details the carrier gave; no answer becomes one with the API's "unavailable" code.
 */
export async function callPartnerApi(
  api: PartnerApi,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${api.apiKey}`, ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${api.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(api.timeoutMs),
    });
  } catch (cause) {
    throw new CarrierError(503, api.unavailableCode, `${api.name} did not answer (${String(cause)})`);
  }
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  throw new CarrierError(
    response.status,
    body?.error.code ?? api.unavailableCode,
    body?.error.message ?? `${api.name} answered ${response.status}`,
    body?.error.details,
  );
}
