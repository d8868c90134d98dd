import type { clockRequests } from '../../shared/contract';
import type { HandlersOf } from '../dispatcher';
import type { ClockFollowing } from '../midi/clock-following';
import type { ClockMaster } from '../midi/clock-master';
import type { ClockReport } from '../midi/clock-report';

/** The followed clock, its health, and Sampledeck as clock master. */
export function clockHandlers(deps: {
  following: ClockFollowing;
  master: ClockMaster;
  /** Both clocks as the window shows them: what each change answers with. */
  report: ClockReport;
}): HandlersOf<typeof clockRequests> {
  const { following, master, report } = deps;
  return {
    'clock:state': () => report.info(),
    'clock:health': ({ port }) => following.healthOf(port),
    'clock:health-reset': ({ port }) => following.resetHealth(port),
    'clock:transport': ({ action }) => {
      master.transport(action);
      return report.info();
    },
    'clock:configure': (change) => {
      master.configure(change);
      return report.info();
    },
  };
}
