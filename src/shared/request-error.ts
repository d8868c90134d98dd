import type { ErrorCode, InvokeResult } from './contract';

/** A failed request, with the core's error code (what a typed client throws). */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** A response's result, or its error thrown as a RequestError. */
export function resultOrThrow<R>(response: InvokeResult<unknown>): R {
  if (!response.ok) throw new RequestError(response.error.code, response.error.message);
  return response.result as R;
}
