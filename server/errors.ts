/**
 * The typed rejection every service call throws: handlers turn it into `fail(code, message)`
 * (socket acks) or an HTTP status, so no rejection is ever a silent return.
 */
import type { ErrorCode } from '../game/protocol';

/**
 * A rejection with a protocol error code and one human sentence.
 * @example throw new ApiError('NOT_FOUND', 'No tournament has code ABC234.')
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** True for an `ApiError` (also across module copies, by shape). */
export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError || (e instanceof Error && e.name === 'ApiError' && 'code' in e);
}
