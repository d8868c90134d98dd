/**
 * The Vorbis and Opus packet decoders of the audio process (see stream-decoders.ts).
 *
 * Vorbis: @wasm-audio-decoders/ogg-vorbis parses Ogg itself (with codec-parser) and cannot start
 * mid-stream, so its inner packet decoder is used, as the package's own decodeOggPages() uses
 * it: the identification and setup headers, then packets. That inner object is not in the
 * package's types: its shape is checked when the decoder is made, so an update that moves it
 * fails loudly at start-up rather than at the first Ogg file.
 *
 * Opus: opus-decoder's channel layout is fixed when it is made. Mono and stereo (nearly every
 * file) are made up front; another layout (surround) gets its own decoder when first played.
 */
import type { OpusDecoder } from 'opus-decoder';
import type { DecodedAudio, PacketDecoder } from './stream-decoders';

interface VorbisPackets {
  sendSetupHeader(data: Uint8Array): void;
  initDsp(): void;
  decodePackets(packets: Uint8Array[]): DecodedAudio;
}

function isVorbisPackets(x: unknown): x is VorbisPackets {
  const o = x as Partial<Record<keyof VorbisPackets, unknown>> | null | undefined;
  return (
    typeof o?.sendSetupHeader === 'function' &&
    typeof o.initDsp === 'function' &&
    typeof o.decodePackets === 'function'
  );
}

export async function createVorbis(): Promise<PacketDecoder> {
  const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
  const vorbis = new OggVorbisDecoder();
  await vorbis.ready;
  const inner: unknown = (vorbis as unknown as { _decoder?: unknown })._decoder;
  if (!isVorbisPackets(inner)) {
    throw new Error('@wasm-audio-decoders/ogg-vorbis has no packet decoder where 0.1.20 had it');
  }
  return {
    begin: (headers) => {
      const [identification, , setup] = headers;
      if (!identification || !setup) throw new Error('the Vorbis headers are incomplete');
      // The comment header is not needed to decode (the package sends an empty one itself).
      inner.sendSetupHeader(identification);
      inner.sendSetupHeader(setup);
      inner.initDsp();
      return Promise.resolve();
    },
    decodePackets: (packets) => inner.decodePackets(packets),
    reset: () => vorbis.reset(),
  };
}

export interface OpusLayout {
  channels: number;
  streamCount: number;
  coupledStreamCount: number;
  channelMappingTable: number[];
}

/** The decoder layout an OpusHead packet asks for (RFC 7845 §5.1.1). */
export function opusLayout(head: Uint8Array): OpusLayout {
  const channels = head[9] ?? 0;
  const family = head[18] ?? 0;
  if (family === 0 || head.length < 21 + channels) {
    return {
      channels,
      streamCount: 1,
      coupledStreamCount: channels - 1,
      channelMappingTable: channels === 2 ? [0, 1] : [0],
    };
  }
  return {
    channels,
    streamCount: head[19] ?? 0,
    coupledStreamCount: head[20] ?? 0,
    channelMappingTable: [...head.subarray(21, 21 + channels)],
  };
}

const MONO = opusLayout(Uint8Array.from([...Buffer.from('OpusHead'), 1, 1]));
const STEREO = opusLayout(Uint8Array.from([...Buffer.from('OpusHead'), 1, 2]));
/** Layouts kept besides mono and stereo. */
const MAX_OTHER_LAYOUTS = 2;

export async function createOpus(): Promise<PacketDecoder> {
  const { OpusDecoder } = await import('opus-decoder');
  const make = async (layout: OpusLayout): Promise<OpusDecoder> => {
    const d = new OpusDecoder(layout);
    await d.ready;
    return d;
  };
  const key = (l: OpusLayout) =>
    `${l.channels}/${l.streamCount}/${l.coupledStreamCount}/${l.channelMappingTable.join(',')}`;
  const kept = new Map<string, OpusDecoder>([
    [key(STEREO), await make(STEREO)],
    [key(MONO), await make(MONO)],
  ]);
  let current = kept.get(key(STEREO))!;
  return {
    begin: async (headers) => {
      const layout = opusLayout(headers[0] ?? new Uint8Array(0));
      const k = key(layout);
      let d = kept.get(k);
      if (!d) {
        const others = [...kept.keys()].filter((x) => x !== key(MONO) && x !== key(STEREO));
        if (others.length >= MAX_OTHER_LAYOUTS) {
          kept.get(others[0]!)!.free();
          kept.delete(others[0]!);
        }
        d = await make(layout);
        kept.set(k, d);
      }
      current = d;
    },
    decodePackets: (packets) => current.decodeFrames(packets),
    reset: () => current.reset(),
  };
}
