import { ErrorCode } from '../../protocol/index.ts';
import { ApiError } from '../http/api-error.ts';
import { HTTP_STATUS } from '../http/error-status.ts';
import { CarrierError } from '../http/partner-api.ts';

/**
 * A carrier's refusal as our API's: the same code and details, on the field the page should mark — when it is
 * about what the person sent (a wrong password, an unknown line, a lock). Anything else (the carrier failing, or
 * refusing our own request) is the directory not answering usefully, whatever its code.
 */
export async function carrier<T>(call: Promise<T>, field?: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof CarrierError)) throw error;
    const aboutTheRequest =
      [401, 404, 409, 429].includes(error.status) && HTTP_STATUS[error.code] === error.status;
    if (!aboutTheRequest) {
      throw new ApiError(ErrorCode.DirectoryUnavailable, `the carrier could not do that: ${error.message}`);
    }
    const details = { ...error.details, ...(field ? { field } : {}) };
    throw new ApiError(error.code, error.message, Object.keys(details).length ? details : undefined);
  }
}
