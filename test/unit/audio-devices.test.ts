import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  devicesFromProc,
  listAudioDevices,
  parseAplayList,
  parseAsoundrcPcms,
} from '../../src/main/audio/audio-devices';
import { alsaFileDevices } from '../fixtures/alsa-file-device';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/alsa', name), 'utf8');

/** /proc/asound of a laptop with an HDA codec (analog and HDMI) and a USB interface. */
const PROC_CARDS = ` 0 [PCH            ]: HDA-Intel - HDA Intel PCH
                      HDA Intel PCH at 0xf7f10000 irq 32
 1 [M2             ]: USB-Audio - Mbox 2
                      Digidesign Mbox 2 at usb-0000:00:14.0-2, full speed
`;
const PROC_PCM = `00-00: ALC892 Analog : ALC892 Analog : playback 1 : capture 1
00-02: ALC892 Alt Analog : ALC892 Alt Analog : capture 1
00-03: HDMI 0 : HDMI 0 : playback 1
01-00: USB Audio : USB Audio : playback 1 : capture 1
`;

describe('parsing what ALSA says about its devices', () => {
  it('aplay -L: the outputs a user would pick, with the card naming them', () => {
    // The card's lines as a real `aplay -L` printed them for a USB interface (Mbox 2).
    const devices = parseAplayList(fixture('aplay-L-usb-card.txt'));
    expect(devices.map((d) => d.id)).toEqual([
      'pipewire',
      'sysdefault:CARD=M2',
      'plughw:CARD=M2,DEV=0',
    ]);
    expect(devices[1]).toEqual({
      id: 'sysdefault:CARD=M2',
      label: 'Mbox 2, USB Audio',
      detail: 'Mbox 2, USB Audio · Default Audio Device',
    });
    expect(devices[2]!.label).toBe('Mbox 2, USB Audio (direct, exclusive)');
  });

  it('aplay -L: PCMs of the user’s own file, with or without a description', () => {
    const text = 'null\n    Discard all samples\nsd_b\n    Test B\nmine\ndefault\n    Test A\n';
    expect(parseAplayList(text)).toEqual([
      { id: 'sd_b', label: 'Test B', detail: 'Test B' },
      { id: 'mine', label: 'mine', detail: null },
    ]);
  });

  it('/proc/asound: each card shared, and each playback device direct, by card id', () => {
    expect(devicesFromProc(PROC_CARDS, PROC_PCM)).toEqual([
      { id: 'default:CARD=PCH', label: 'HDA Intel PCH', detail: 'shared' },
      {
        id: 'plughw:CARD=PCH,DEV=0',
        label: 'HDA Intel PCH: ALC892 Analog (direct, exclusive)',
        detail: 'ALC892 Analog',
      },
      {
        id: 'plughw:CARD=PCH,DEV=3',
        label: 'HDA Intel PCH: HDMI 0 (direct, exclusive)',
        detail: 'HDMI 0',
      },
      { id: 'default:CARD=M2', label: 'Mbox 2', detail: 'shared' },
      {
        id: 'plughw:CARD=M2,DEV=0',
        label: 'Mbox 2: USB Audio (direct, exclusive)',
        detail: 'USB Audio',
      },
    ]);
    expect(devicesFromProc('', '')).toEqual([]);
  });

  it('an ALSA file: its top-level PCMs, not those taking arguments nor nested names', () => {
    const text = [
      '# pcm.commented { type null }',
      'pcm.!default { type plug slave.pcm "dmixed" }',
      'pcm.dmixed {',
      '  type dmix',
      '  slave { pcm "hw:0,0" }',
      '  bindings { 0 0 1 1 }',
      '}',
      'pcm.with_args { @args [ CARD ] @args.CARD { type string } type hw card $CARD }',
      'ctl.mixer0 { type hw card 0 }',
      'pcm.usb_out {\n  type plug\n  slave.pcm "hw:CARD=M2,DEV=0"\n}',
    ].join('\n');
    expect(parseAsoundrcPcms(text)).toEqual(['default', 'dmixed', 'usb_out']);
  });
});

describe('listing the devices of this machine', () => {
  const hasAplay = (() => {
    try {
      execFileSync('aplay', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasAplay)(
    'runs aplay -L: the two file PCMs of a temporary HOME are there',
    async () => {
      const alsa = alsaFileDevices(['sd_a', 'sd_b']);
      const { HOME: _home, ALSA_CONFIG_PATH: _path, ...env } = process.env;
      const listing = await listAudioDevices({
        platform: 'linux',
        env: { ...env, HOME: alsa.home },
      });
      expect(listing.canChoose).toBe(true);
      expect(listing.note).toBeNull();
      expect(listing.devices).toEqual([
        { id: 'sd_a', label: 'Test output sd_a', detail: 'Test output sd_a' },
        { id: 'sd_b', label: 'Test output sd_b', detail: 'Test output sd_b' },
      ]);
    },
  );

  it('without aplay: the cards from procfs and the PCMs of the user’s own ALSA file', async () => {
    const alsa = alsaFileDevices(['sd_a', 'sd_b']);
    const proc = mkdtempSync(join(tmpdir(), 'sd-proc-'));
    mkdirSync(join(proc, 'asound'));
    writeFileSync(join(proc, 'asound', 'cards'), PROC_CARDS);
    writeFileSync(join(proc, 'asound', 'pcm'), PROC_PCM);
    const listing = await listAudioDevices({
      platform: 'linux',
      env: { HOME: alsa.home, XDG_CONFIG_HOME: join(alsa.home, 'none') },
      runAplay: () => Promise.resolve(null),
      procRoot: join(proc, 'asound'),
    });
    expect(listing.devices.map((d) => d.id)).toEqual([
      'default:CARD=PCH',
      'plughw:CARD=PCH,DEV=0',
      'plughw:CARD=PCH,DEV=3',
      'default:CARD=M2',
      'plughw:CARD=M2,DEV=0',
      'sd_a',
      'sd_b',
    ]);
    expect(listing.note).toMatch(/aplay -L.* could not be run/);
  });

  it('on macOS and Windows there is nothing to choose, and the note says where to', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const listing = await listAudioDevices({ platform });
      expect(listing).toMatchObject({ devices: [], canChoose: false });
      expect(listing.note).toMatch(/system/i);
    }
  });
});
