/** Metadata chunks (text, loops, root note, ACID tempo) and the tempo guessed from a name. */
import { describe, expect, it } from 'vitest';
import { parseAudioHeader } from '../../src/main/formats/read-header';
import { guessTempoFromFileName } from '../../src/main/formats/tempo-from-name';
import { header } from '../fixtures/header-parse';
import { chunkBytes, makeAiff, makeWav, setChunkSize } from '../fixtures/audio-files';

// ---------------------------------------------------------------- metadata

describe('metadata', () => {
  it('reads bext description, originator and date', () => {
    const h = header(
      makeWav({
        before: [
          {
            type: 'bext',
            description: 'Door slam, close',
            originator: 'Field Rec',
            date: '2023-11-05',
          },
        ],
      }),
    );
    expect(h.meta).toEqual({
      description: 'Door slam, close',
      originator: 'Field Rec',
      originationDate: '2023-11-05',
    });
  });

  it('reads LIST/INFO title, artist and comment, before or after data', () => {
    const info = {
      type: 'LIST',
      title: 'Deep Kick',
      artist: 'Ann',
      comment: 'tuned to F',
    } as const;
    const expected = { title: 'Deep Kick', artist: 'Ann', comment: 'tuned to F' };
    expect(header(makeWav({ before: [info] })).meta).toEqual(expected);
    expect(header(makeWav({ after: [info] })).meta).toEqual(expected);
    expect(header(makeWav({ container: 'RIFX', after: [info] })).meta).toEqual(expected);
  });

  it('reads smpl root note and loops', () => {
    const h = header(
      makeWav({
        before: [
          {
            type: 'smpl',
            rootNote: 65,
            loops: [
              { start: 100, end: 900 },
              { start: 0, end: 50 },
            ],
          },
        ],
      }),
    );
    expect(h.meta.rootNote).toBe(65);
    expect(h.meta.loops).toEqual([
      { start: 100, end: 900 },
      { start: 0, end: 50 },
    ]);
  });

  it('reads acid tempo and beats, which win over the file name', () => {
    const h = header(
      makeWav({ after: [{ type: 'acid', tempo: 126.5, beats: 16 }] }),
      'Loop 90bpm.wav',
    );
    expect(h).toMatchObject({ tempo: 126.5, tempoSource: 'acid' });
    expect(h.meta.beats).toBe(16);
  });

  it('reads AIFF NAME, AUTH, ANNO and INST/MARK', () => {
    const h = header(
      makeAiff({
        name: 'Bell',
        author: 'Bo',
        annotation: 'struck softly',
        instrument: { rootNote: 72, loop: { start: 200, end: 800 } },
      }),
    );
    expect(h.meta).toEqual({
      title: 'Bell',
      artist: 'Bo',
      comment: 'struck softly',
      rootNote: 72,
      loops: [{ start: 200, end: 800 }],
    });
  });

  it('decodes UTF-8, falls back to Latin-1, trims NULs and spaces, caps the length', () => {
    const latin1 = Buffer.from('Caf\xe9 \x00\x00junk', 'latin1');
    const long = 'x'.repeat(5000);
    const file = makeWav({
      before: [
        { type: 'LIST', title: 'Ünïcødé ♪  ', artist: long },
        {
          type: 'raw',
          chunk: {
            id: 'LIST',
            body: Buffer.concat([
              Buffer.from('INFO'),
              chunkBytes({ id: 'ICMT', body: latin1 }, false),
            ]),
          },
        },
      ],
    });
    const h = header(file);
    expect(h.meta.title).toBe('Ünïcødé ♪');
    expect(h.meta.artist).toHaveLength(1000);
    expect(h.meta.comment).toBe('Café');
  });

  it('does not ask for metadata after data that lies beyond the prefix', () => {
    const file = makeWav({ frames: 20_000, after: [{ type: 'LIST', title: 'far away' }] });
    const result = parseAudioHeader(file.subarray(0, 4096), file.length);
    expect(result.kind).toBe('ok');
    expect(result.kind === 'ok' && result.header.meta.title).toBeUndefined();
    expect(header(file).meta.title).toBe('far away');
  });

  it('skips metadata after data whose chunk runs past the end of the file', () => {
    const file = makeWav({ after: [{ type: 'LIST', title: 'cut' }] });
    const h = header(setChunkSize(file, 'LIST', 0xfffffff0));
    expect(h.frames).toBe(1000);
  });
});

// ---------------------------------------------------------------- tempo from the file name

describe('tempo from the file name', () => {
  it.each([
    ['Loop 120bpm.wav', 120],
    ['drums_128_Am.wav', 128],
    ['Loop 90 BPM.wav', 90],
    ['Funk-Break-95-bpm.aif', 95],
    ['BPM140 hats.wav', 140],
    ['bpm_174_amen.wav', 174],
    ['Pad 92.5bpm.wav', 92.5],
    ['/samples/120bpm/Kick 01.wav', null], // only the name counts, not the folder
    ['Kick 01.wav', null],
    ['Snare_808_.wav', null], // out of 40..300
    ['Loop 30bpm.wav', null],
    ['Kick 100.wav', null], // a trailing number is more often an index
    ['take_0120_.wav', null], // leading zero: an index
    ['24bit_48k.wav', null],
  ])('%s → %s', (name, tempo) => {
    expect(guessTempoFromFileName(name)).toBe(tempo);
    const h = header(makeWav({ frames: 10 }), name);
    expect(h.tempo).toBe(tempo);
    expect(h.tempoSource).toBe(tempo === null ? null : 'filename');
  });
});
