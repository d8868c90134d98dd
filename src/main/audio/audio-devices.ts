/**
 * The output devices a user can choose: the names `speaker` can open. On Linux speaker's mpg123
 * backend is ALSA and takes any PCM name; on macOS (CoreAudio) it ignores the name and on Windows
 * (WinMM) an unknown name silently plays on the default, so there only the system default is
 * offered. The parsers are pure; `listAudioDevices` runs `aplay -L` or reads procfs.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AudioDeviceChoice } from '../../shared/contract';

/**
 * Card PCMs and plugins no one picks to listen on (raw hw:, one speaker pair of a surround set,
 * S/PDIF, capture, rate converters). `default` is the system default, offered apart.
 */
const HIDDEN =
  /^(default|null|hw|front|rear|center_lfe|side|surround\d+|iec958|dmix|dsnoop|usbstream|lavrate|samplerate|speexrate|upmix|vdownmix|oss|speex|a52)(:|$)/;

/**
 * `aplay -L`: each PCM's name on an unindented line, its description on the indented lines
 * under it. PCMs a user defined (~/.asoundrc, /etc/asound.conf) are listed too; of the card
 * PCMs only the ones a user would listen on are kept.
 */
export function parseAplayList(text: string): AudioDeviceChoice[] {
  const devices: AudioDeviceChoice[] = [];
  let current: { id: string; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const { id, lines } = current;
    if (!HIDDEN.test(id) && !devices.some((d) => d.id === id)) {
      devices.push({ id, label: labelOf(id, lines), detail: lines.join(' · ') || null });
    }
    current = null;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) current?.lines.push(line.trim());
    else {
      flush();
      current = { id: line.trim(), lines: [] };
    }
  }
  flush();
  return devices;
}

function labelOf(id: string, lines: readonly string[]): string {
  const [first, second] = lines;
  if (!first) return id;
  // "Mbox 2, USB Audio" / "Default Audio Device": the card names the device, the second line how.
  if (id.startsWith('plughw:')) return `${first} (direct, exclusive)`;
  if (id.startsWith('sysdefault:')) return first;
  return second && id.includes(':') ? `${first} (${second})` : first;
}

export interface ProcCard {
  index: number;
  id: string;
  name: string;
}

/** `/proc/asound/cards`: " 0 [PCH            ]: HDA-Intel - HDA Intel PCH" (long name below). */
export function parseProcCards(text: string): ProcCard[] {
  const cards: ProcCard[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+\[(\S+)\s*\]:\s+(\S+)\s+-\s+(.+)$/.exec(line);
    if (m) cards.push({ index: Number(m[1]), id: m[2]!, name: m[4]!.trim() });
  }
  return cards;
}

/**
 * `/proc/asound/cards` and `/proc/asound/pcm` ("00-03: HDMI 0 : HDMI 0 : playback 1") as
 * choices: the card's shared default (dmix) and each playback device direct. Cards are named
 * by their id, which survives replugging, not by their index.
 */
export function devicesFromProc(cardsText: string, pcmText: string): AudioDeviceChoice[] {
  const cards = parseProcCards(cardsText);
  const devices: AudioDeviceChoice[] = [];
  for (const card of cards) {
    devices.push({ id: `default:CARD=${card.id}`, label: card.name, detail: 'shared' });
    for (const line of pcmText.split('\n')) {
      const m = /^(\d+)-(\d+): ([^:]*) : ([^:]*) : (.*)$/.exec(line);
      if (!m || Number(m[1]) !== card.index || !m[5]!.includes('playback')) continue;
      devices.push({
        id: `plughw:CARD=${card.id},DEV=${Number(m[2])}`,
        label: `${card.name}: ${m[3]!.trim()} (direct, exclusive)`,
        detail: m[4]!.trim() || null,
      });
    }
  }
  return devices;
}

/**
 * The PCMs defined at the top level of an ALSA configuration file (`pcm.name {` or
 * `pcm.!name`), skipping the ones that take arguments (`@args`), which cannot be opened by name
 * alone. Used when `aplay -L` cannot be run (aplay lists these PCMs itself).
 */
export function parseAsoundrcPcms(text: string): string[] {
  const names: string[] = [];
  const clean = text.replace(/#.*$/gm, '');
  let depth = 0;
  const re = /[{}]|\bpcm\.!?([A-Za-z0-9_-]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(clean))) {
    if (m[0] === '{') depth += 1;
    else if (m[0] === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      const body = bodyAfter(clean, re.lastIndex);
      if (!body.includes('@args') && !names.includes(m[1]!)) names.push(m[1]!);
    }
  }
  return names;
}

function bodyAfter(text: string, from: number): string {
  const open = text.indexOf('{', from);
  if (open < 0 || text.slice(from, open).trim() !== '') return '';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

export interface DeviceListing {
  devices: AudioDeviceChoice[];
  /** Why the list is short, or null: shown beside the picker. */
  note: string | null;
  /** false where speaker cannot choose a device (macOS, Windows). */
  canChoose: boolean;
}

export interface ListOptions {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** `aplay -L`'s output, or null when it cannot be run (not installed, failed); tests inject it. */
  runAplay?: (env: NodeJS.ProcessEnv) => Promise<string | null>;
  procRoot?: string;
}

function runAplay(env: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('aplay', ['-L'], { timeout: 2000, env }, (error, stdout) =>
      resolve(error ? null : stdout),
    );
  });
}

const readOrEmpty = (path: string) => readFile(path, 'utf8').catch(() => '');

/** The user's own ALSA files: what ALSA reads after its system configuration. */
function userConfigFiles(env: NodeJS.ProcessEnv): string[] {
  if (env.ALSA_CONFIG_PATH) {
    return env.ALSA_CONFIG_PATH.split(':').filter((p) => p && !p.startsWith('/usr/share/alsa/'));
  }
  const home = env.HOME ?? homedir();
  const xdg = env.XDG_CONFIG_HOME ?? join(home, '.config');
  return ['/etc/asound.conf', join(home, '.asoundrc'), join(xdg, 'alsa', 'asoundrc')];
}

/** The devices that can be chosen here and now (never throws: a short list says why). */
export async function listAudioDevices(options: ListOptions = {}): Promise<DeviceListing> {
  const platform = options.platform ?? process.platform;
  if (platform !== 'linux') {
    return {
      devices: [],
      canChoose: false,
      note:
        platform === 'darwin'
          ? 'On macOS Sampledeck plays through the system output: choose it in System Settings → Sound.'
          : 'On this system Sampledeck plays through the default output device: choose it in the system sound settings.',
    };
  }
  const env = options.env ?? process.env;
  const aplay = await (options.runAplay ?? runAplay)(env);
  if (aplay !== null) return { devices: parseAplayList(aplay), canChoose: true, note: null };
  const proc = options.procRoot ?? '/proc/asound';
  const devices = devicesFromProc(
    await readOrEmpty(join(proc, 'cards')),
    await readOrEmpty(join(proc, 'pcm')),
  );
  for (const file of userConfigFiles(env)) {
    for (const id of parseAsoundrcPcms(await readOrEmpty(file))) {
      if (id !== 'default' && !devices.some((d) => d.id === id))
        devices.push({ id, label: id, detail: file });
    }
  }
  return {
    devices,
    canChoose: true,
    note: 'aplay -L (alsa-utils) could not be run: only sound cards and your own ALSA PCMs are listed. Any ALSA PCM name can be typed.',
  };
}
