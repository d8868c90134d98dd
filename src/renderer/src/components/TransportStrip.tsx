export function TransportStrip() {
  return (
    <div className="transport" role="group" aria-label="Transport and clock">
      <span className="transport-state">Stopped</span>
      <span className="bpm" aria-label="Tempo">
        — BPM
      </span>
      <span className="position" aria-label="Position">
        1.1.00
      </span>
      <span className="muted">no clock</span>
    </div>
  );
}
