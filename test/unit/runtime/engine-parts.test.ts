import { describe, expect, it } from 'vitest';
import { demuxLog, logLines } from '../../../src/runtime/demux.js';
import { resolveDockerEndpoint } from '../../../src/runtime/docker-host.js';
import { engineError, withTimeout } from '../../../src/runtime/engine-errors.js';

const frame = (stream: number, text: string): Buffer => {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
};

describe('reading container logs', () => {
  it('joins stdout and stderr frames in the order sent', () => {
    expect(logLines(demuxLog(Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n'), frame(1, 'thr'), frame(1, 'ee\n')])))).toEqual([
      'one',
      'two',
      'three',
    ]);
  });

  it('passes a TTY container’s raw log through', () => {
    expect(logLines(demuxLog(Buffer.from('plain\r\ntext\r\n')))).toEqual(['plain', 'text']);
    expect(logLines('')).toEqual([]);
  });
});

describe('where the engine is', () => {
  it('follows DOCKER_HOST of the env given, not of the process', () => {
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'unix:///run/x.sock' })).toMatchObject({
      where: 'unix:///run/x.sock',
      options: { socketPath: '/run/x.sock', host: undefined },
    });
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2375' })).toMatchObject({
      where: 'tcp://10.0.0.5:2375',
      options: { host: '10.0.0.5', port: '2375', protocol: 'http', socketPath: undefined },
    });
    expect(resolveDockerEndpoint({ HOME: '/nonexistent' }).where).toBe('unix:///var/run/docker.sock');
  });

  it('rejects an address it cannot use with E_ENGINE', () => {
    expect(() => resolveDockerEndpoint({ DOCKER_HOST: 'fd://' })).toThrow(expect.objectContaining({ code: 'E_ENGINE' }));
  });
});

describe('engine errors', () => {
  it('an unreachable engine says where and why, with a hint', () => {
    const err = engineError(
      Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }),
      'unix:///var/run/docker.sock',
      'list',
    );
    expect(err).toMatchObject({
      code: 'E_ENGINE',
      exitCode: 3,
      message: 'Docker engine not reachable at unix:///var/run/docker.sock: permission denied',
    });
    expect((err as { hint?: string }).hint).toContain('docker` group');
  });

  it('a call that never answers ends at its deadline', async () => {
    await expect(withTimeout(10, () => new Promise(() => undefined))).rejects.toThrow('no answer within 0.01 s');
  });
});
