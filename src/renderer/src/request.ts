import { notify } from './stores/notices';
import { api } from './ipc/api';
import type { Client } from './ipc/client';

/** A request whose failure the user is told about (a notice); it then resolves to undefined. */
export async function request<T>(run: (client: Client) => Promise<T>): Promise<T | undefined> {
  try {
    return await run(api);
  } catch (error) {
    notify((error as Error).message, 'error');
    return undefined;
  }
}
