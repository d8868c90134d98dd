import type { SubsystemStatus } from '../../../shared/contract';
import { statusLine } from '../../../shared/status-line';

export function StatusText({ status }: { status: SubsystemStatus }) {
  return <span className={`status status-${status.state}`}>{statusLine(status)}</span>;
}
