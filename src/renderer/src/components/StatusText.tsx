import type { SubsystemStatus } from '../../../shared/contract';

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

export function StatusText({ status }: { status: SubsystemStatus }) {
  return <span className={`status status-${status.state}`}>{statusLine(status)}</span>;
}
