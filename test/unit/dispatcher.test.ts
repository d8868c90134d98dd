import { describe, expect, it, vi } from 'vitest';
import type { SystemInfo } from '../../src/shared/contract';
import { AppError } from '../../src/shared/app-error';
import { createCoreClient, RequestError } from '../../src/main/core-client';
import { createDispatcher, type Handlers } from '../../src/main/dispatcher';
import { handlersWith } from '../fixtures/handlers';

const info: SystemInfo = {
  appName: 'Sampledeck',
  appVersion: '1.2.3',
  shell: 'cli',
  versions: { node: '20', v8: '11' },
  platform: 'linux',
  arch: 'x64',
  audio: { state: 'starting' },
  midi: { state: 'unavailable', reason: 'none here' },
  library: { folders: 0, files: 0 },
  notices: [],
};

function dispatcherWith(systemInfo: Handlers['system:info']) {
  const log = vi.fn();
  return { dispatch: createDispatcher(handlersWith({ 'system:info': systemInfo }), log), log };
}

describe('dispatcher', () => {
  it('runs the handler of a known channel with parsed arguments', async () => {
    const handler = vi.fn(() => info);
    const { dispatch } = dispatcherWith(handler);
    await expect(dispatch('system:info', {})).resolves.toEqual({ ok: true, result: info });
    expect(handler).toHaveBeenCalledWith({});
  });

  it.each([['library:nope'], ['toString'], ['__proto__'], [42], [null]])(
    'rejects the unknown channel %j',
    async (channel) => {
      const handler = vi.fn(() => info);
      const { dispatch } = dispatcherWith(handler);
      const response = await dispatch(channel, {});
      expect(response).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it.each([[{ extra: true }], [null], ['text'], [[1, 2]], [undefined]])(
    'rejects the arguments %j without calling the handler',
    async (args) => {
      const handler = vi.fn(() => info);
      const { dispatch } = dispatcherWith(handler);
      const response = await dispatch('system:info', args);
      expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS' } });
      if (!response.ok) expect(response.error.message).toContain('system:info');
      expect(handler).not.toHaveBeenCalled();
    },
  );

  it('keeps the error for a huge bad request under 1 KB, naming the channel and the field', async () => {
    const { dispatch } = dispatcherWith(() => info);
    // About 256 KB of JSON: 64 K bytes that are all out of range, and a key of 64 K characters.
    const bytes = Array.from({ length: 65_536 }, () => 999);
    const sent = await dispatch('midi:send', { port: 'out:1', bytes });
    expect(JSON.stringify({ port: 'out:1', bytes }).length).toBeGreaterThan(250_000);
    expect(sent.ok).toBe(false);
    if (sent.ok) return;
    expect(sent.error.code).toBe('INVALID_ARGS');
    expect(sent.error.message.length).toBeLessThanOrEqual(1024);
    expect(sent.error.message).toMatch(/^invalid arguments for midi:send: bytes\.0: /);
    expect(sent.error.message).toMatch(/\(and 65533 more\)$/);

    const key = 'k'.repeat(65_536);
    const keyed = await dispatch('system:info', { [key]: 1 });
    if (keyed.ok) throw new Error('accepted an unknown key');
    expect(keyed.error.message.length).toBeLessThanOrEqual(1024);
    expect(keyed.error.message).toMatch(
      /^invalid arguments for system:info: \(arguments\): .*kkk…/,
    );
  });

  it('passes an AppError through with its code', async () => {
    const { dispatch, log } = dispatcherWith(() => {
      throw new AppError('NOT_FOUND', 'no such folder: /x');
    });
    await expect(dispatch('system:info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no such folder: /x' },
    });
    expect(log).not.toHaveBeenCalled();
  });

  it('turns a thrown error or a rejection into INTERNAL and logs it', async () => {
    const { dispatch, log } = dispatcherWith(async () => {
      throw new TypeError('boom');
    });
    await expect(dispatch('system:info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'system:info failed: boom' },
    });
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('the core client', () => {
  it('answers a request with its result, through the dispatcher', async () => {
    const handler = vi.fn(() => info);
    const client = createCoreClient(dispatcherWith(handler));
    const result: SystemInfo = await client.invoke('system:info', {});
    expect(result).toEqual(info);
    expect(handler).toHaveBeenCalledWith({});
  });

  it('throws a RequestError with the code of an AppError', async () => {
    const client = createCoreClient(
      dispatcherWith(() => {
        throw new AppError('UNAVAILABLE', 'not now');
      }),
    );
    const error = await client.invoke('system:info', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', message: 'not now' });
  });

  it('throws INVALID_ARGS for arguments the contract refuses', async () => {
    const handler = vi.fn(() => info);
    const client = createCoreClient(dispatcherWith(handler));
    const bad = { extra: true } as unknown as Record<string, never>;
    await expect(client.invoke('system:info', bad)).rejects.toMatchObject({
      name: 'RequestError',
      code: 'INVALID_ARGS',
    });
    expect(handler).not.toHaveBeenCalled();
  });
});
