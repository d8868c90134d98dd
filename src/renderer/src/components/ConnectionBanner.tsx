import { useConnectionStore } from '../stores/connection';

export function ConnectionBanner() {
  const state = useConnectionStore((s) => s.state);
  if (state === 'open') return null;
  if (state === 'unauthorized') {
    return (
      <div className="banner" role="alert">
        The web shell was restarted with a new address: open the address it printed.
      </div>
    );
  }
  return (
    <div className="banner" role="alert">
      {state === 'connecting'
        ? 'Connecting to the Sampledeck core…'
        : 'Disconnected from the Sampledeck core; reconnecting…'}
    </div>
  );
}
