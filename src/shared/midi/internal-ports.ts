/**
 * Sampledeck's own MIDI ports, on the internal bus (src/main/midi/internal-bus.ts) of every
 * machine: what is sent to one comes out of the input of the same name.
 */

/** Sampledeck's clock as master: its START, STOP, pulses and song positions. */
export const CLOCK_PORT = 'Sampledeck Clock';
/** The step sequencer's notes (always among its outputs). */
export const SEQUENCER_PORT = 'Sampledeck Sequencer';
/** Free for anything: tests, or trying the monitor and thru routes without a device. */
export const LOOPBACK_PORT = 'Sampledeck Loopback';

export const INTERNAL_PORTS = [CLOCK_PORT, SEQUENCER_PORT, LOOPBACK_PORT] as const;

/** Port ids are `${kind}:${name}`. */
export const CLOCK_PORT_ID = `internal:${CLOCK_PORT}`;
export const SEQUENCER_PORT_ID = `internal:${SEQUENCER_PORT}`;
