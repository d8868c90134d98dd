import type { ArgsOf, RequestChannel, ResultOf } from '../shared/contract';
import { resultOrThrow } from '../shared/request-error';
import type { Core } from './core';

export { RequestError } from '../shared/request-error';

/** The core's requests as typed calls, for code in the same process (the CLI). */
export interface CoreClient {
  /** Throws a RequestError with the core's error code when the request fails. */
  invoke<C extends RequestChannel>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>>;
}

/**
 * The in-process twin of the window's client: requests go through the core's dispatcher, so
 * they are checked and answered exactly as the window's are.
 */
export function createCoreClient(core: Pick<Core, 'dispatch'>): CoreClient {
  return {
    async invoke<C extends RequestChannel>(channel: C, args: ArgsOf<C>) {
      return resultOrThrow<ResultOf<C>>(await core.dispatch(channel, args));
    },
  };
}
