/** Media types by LibraryFile.format (a container, or the extension in capitals when unread). */
const MIME: Record<string, string> = {
  WAV: 'audio/wav',
  WAVE: 'audio/wav',
  BWF: 'audio/wav',
  RF64: 'audio/wav',
  BW64: 'audio/wav',
  RIFX: 'audio/wav',
  AIFF: 'audio/aiff',
  'AIFF-C': 'audio/aiff',
  AIF: 'audio/aiff',
  AIFC: 'audio/aiff',
  FLAC: 'audio/flac',
  MP3: 'audio/mpeg',
  OGG: 'audio/ogg',
  OGA: 'audio/ogg',
  OPUS: 'audio/ogg',
  M4A: 'audio/mp4',
  AAC: 'audio/aac',
  CAF: 'audio/x-caf',
  WMA: 'audio/x-ms-wma',
};

/** The media type a library file is served and dragged as (bytes of unknown kind otherwise). */
export function audioMime(format: string): string {
  return MIME[format.toUpperCase()] ?? 'application/octet-stream';
}
