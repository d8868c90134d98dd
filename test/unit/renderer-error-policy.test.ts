import { describe, expect, test } from 'vitest';
import { RequestError } from '../../src/shared/request-error';
import { decide, type FailureContext } from '../../src/renderer/src/actions/error-policy';

const open: FailureContext = { connection: 'open', canRefresh: false };

describe('the window’s error policy, code by code', () => {
  test('lost in flight (UNAVAILABLE while the connection is down): quiet, the banner says it', () => {
    const lost = new RequestError('UNAVAILABLE', 'the connection to the core was lost');
    expect(decide(lost, { ...open, connection: 'closed' })).toEqual({ kind: 'quiet' });
    expect(decide(lost, { ...open, connection: 'unauthorized' })).toEqual({ kind: 'quiet' });
  });

  test('UNAVAILABLE from a core that answered (no audio output): a notice', () => {
    const error = new RequestError('UNAVAILABLE', 'Audio output unavailable: no device');
    expect(decide(error, open)).toEqual({
      kind: 'notice',
      text: 'Audio output unavailable: no device',
    });
  });

  test('NOT_FOUND: a quiet refresh where the action can re-read, a notice where it cannot', () => {
    const gone = new RequestError('NOT_FOUND', 'no file with id 7 in the library');
    expect(decide(gone, { ...open, canRefresh: true })).toEqual({ kind: 'refresh' });
    expect(decide(gone, open)).toEqual({ kind: 'notice', text: gone.message });
  });

  test('INVALID_ARGS: the core’s words, after what the user tried', () => {
    const bad = new RequestError('INVALID_ARGS', 'a virtual port "In" exists already');
    expect(decide(bad, { ...open, label: 'Could not add' })).toEqual({
      kind: 'notice',
      text: 'Could not add: a virtual port "In" exists already',
    });
  });

  test('a bug on either side is said with its code, never swallowed', () => {
    expect(decide(new RequestError('INTERNAL', 'x failed: boom'), open)).toEqual({
      kind: 'notice',
      text: 'Something went wrong (INTERNAL): x failed: boom',
    });
    expect(decide(new TypeError('undefined is not a function'), open)).toEqual({
      kind: 'notice',
      text: 'undefined is not a function',
    });
  });

  test('a code the caller expects is left to it', () => {
    const none = new RequestError('UNAVAILABLE', 'no waveform for x.mp3');
    expect(decide(none, { ...open, expected: ['UNAVAILABLE'] })).toEqual({ kind: 'quiet' });
  });
});
