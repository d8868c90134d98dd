import { useConnectionStore } from '../stores/connection';

export function ConnectionBanner() {
  const state = useConnectionStore((s) => s.state);
  if (state === 'open') return null;
  return (
    <div className="banner" role="alert">
      {state === 'connecting'
        ? 'Connecting to the Sampledeck core…'
        : 'Disconnected from the Sampledeck core; reconnecting…'}
    </div>
  );
}
