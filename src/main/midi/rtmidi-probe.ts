import { existsSync } from 'node:fs';
import type { SubsystemStatus } from '../../shared/contract';

/**
 * Loads RtMidi only when first asked and says in one line whether hardware MIDI can work here.
 * On Linux without /dev/snd/seq `new Input()` throws "Failed to initialise RtMidi".
 */
export async function probeRtMidi(): Promise<SubsystemStatus> {
  try {
    const midi = await import('@julusian/midi');
    const input = new midi.Input();
    const output = new midi.Output();
    const detail = `RtMidi: ${input.getPortCount()} inputs, ${output.getPortCount()} outputs`;
    input.closePort();
    output.closePort();
    return { state: 'available', detail };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint =
      process.platform === 'linux' && !existsSync('/dev/snd/seq')
        ? ' (no ALSA sequencer: /dev/snd/seq is missing)'
        : '';
    return { state: 'unavailable', reason: `${message}${hint}` };
  }
}
