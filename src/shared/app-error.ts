import type { ErrorCode, IpcError } from './contract';

/** An error with a code the UI can act on; the only kind a handler should throw on purpose. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toIpcError(): IpcError {
    return { code: this.code, message: this.message };
  }
}
