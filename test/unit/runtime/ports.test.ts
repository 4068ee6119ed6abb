import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isPortFree } from '../../../src/runtime/ports.js';

async function hold(host: string): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('isPortFree', () => {
  it('a port held on 127.0.0.1 is not free there', async () => {
    const held = await hold('127.0.0.1');
    expect(await isPortFree(held.port)).toBe(false);
    await held.close();
  });

  it('a port held on 0.0.0.0 is not free on 127.0.0.1 either', async () => {
    const held = await hold('0.0.0.0');
    expect(await isPortFree(held.port, '127.0.0.1')).toBe(false);
    expect(await isPortFree(held.port, '0.0.0.0')).toBe(false);
    await held.close();
  });

  it('a released port is free again', async () => {
    const held = await hold('127.0.0.1');
    await held.close();
    expect(await isPortFree(held.port)).toBe(true);
  });
});
