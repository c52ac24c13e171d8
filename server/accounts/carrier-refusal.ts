import { ApiError } from '../http/api-error.ts';
import { CarrierError } from '../http/partner-api.ts';

/** A carrier's refusal as our API's: the same code and details, on the field the page should mark. */
export async function carrier<T>(call: Promise<T>, field?: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof CarrierError)) throw error;
    const status =
      error.status === 401 || error.status === 404 || error.status === 409 || error.status === 429
        ? error.status
        : 502;
    const details = { ...error.details, ...(field && status !== 502 ? { field } : {}) };
    throw new ApiError(status, error.code, error.message, Object.keys(details).length ? details : undefined);
  }
}
