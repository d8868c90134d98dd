import type { SubsystemStatus } from './contract';

/** One line for a subsystem's state, the same in the window and in the tests. */
export function statusLine(status: SubsystemStatus): string {
  switch (status.state) {
    case 'starting':
      return 'Starting…';
    case 'available':
      return `Available: ${status.detail}`;
    case 'unavailable':
      return `Unavailable: ${status.reason}`;
  }
}
