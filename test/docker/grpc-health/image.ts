// Builds the local image of the test gRPC health server: the server bundled on the host by esbuild
// (no npm inside images here), run by the Debian base image's Node. The tag carries a hash of the
// bundle, so the image is built once per version of the server and reused (idempotent).
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { execa } from 'execa';
import { LOCAL_IMAGES } from '../../support/docker.js';

/** The image's tag, built when missing. */
export async function grpcHealthImage(): Promise<string> {
  const bundled = await build({
    entryPoints: [path.join(import.meta.dirname, 'server.ts')],
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  const code = bundled.outputFiles[0]!.contents;
  const tag = `pyat-test/grpc-health:${createHash('sha256').update(code).digest('hex').slice(0, 12)}`;
  if ((await execa('docker', ['image', 'inspect', tag], { reject: false })).exitCode === 0) return tag;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pyat-grpc-health-'));
  try {
    await writeFile(path.join(dir, 'server.cjs'), code);
    await writeFile(
      path.join(dir, 'Dockerfile'),
      `FROM ${LOCAL_IMAGES.debian}\nCOPY server.cjs /app/server.cjs\nUSER 65534:65534\nCMD ["node", "/app/server.cjs"]\n`,
    );
    await execa('docker', ['build', '-q', '-t', tag, dir], { env: { DOCKER_BUILDKIT: '0' } });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return tag;
}
