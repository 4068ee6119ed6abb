// Where the Docker engine is, from DOCKER_HOST & co. of the env pyat was given (not process.env),
// with the same rules as the docker CLI.

import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';

/** Connection options in the shape dockerode takes (the tests' own client uses them). */
export interface DockerOptions {
  socketPath?: string;
  host?: string;
  port?: string;
  protocol?: 'http' | 'https' | 'ssh';
  username?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  timeout?: number;
}

/** How pyat's own client reaches the engine: a unix socket, or TCP (with TLS when asked). */
export type EngineConnection =
  { kind: 'unix'; socketPath: string } | { kind: 'tcp'; host: string; port: number; tls?: { ca: Buffer; cert: Buffer; key: Buffer } };

/** The engine's address as a person reads it, and how to connect to it. */
export interface DockerEndpoint {
  where: string;
  options: DockerOptions;
}

/** The connection of an endpoint; ssh:// is not one pyat can open itself. */
export function connectionOf(endpoint: DockerEndpoint): EngineConnection {
  const o = endpoint.options;
  if (o.socketPath) return { kind: 'unix', socketPath: o.socketPath };
  if (o.protocol === 'ssh') {
    throw new EnvironmentError(
      'E_ENGINE',
      `DOCKER_HOST=${endpoint.where}: pyat does not tunnel to an engine over ssh`,
      'forward the remote socket (ssh -L /tmp/docker.sock:/var/run/docker.sock host) and set DOCKER_HOST=unix:///tmp/docker.sock',
    );
  }
  const tls = o.protocol === 'https' && o.ca && o.cert && o.key ? { ca: o.ca, cert: o.cert, key: o.key } : undefined;
  return { kind: 'tcp', host: o.host ?? '127.0.0.1', port: Number(o.port ?? 2375), ...(tls ? { tls } : {}) };
}

/** Resolves DOCKER_HOST (`unix:///path`, `tcp://host:port`, `ssh://user@host`), else the local socket. */
export function resolveDockerEndpoint(env: NodeJS.ProcessEnv): DockerEndpoint {
  const raw = env.DOCKER_HOST?.trim();
  // Every key is set, even to undefined: dockerode (the tests' client) merges these over its own
  // defaults, which come from process.env and must not win over the env we were given.
  const base: DockerOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: 'http',
    ca: undefined,
    cert: undefined,
    key: undefined,
    timeout: undefined,
  };
  if (!raw) {
    const socketPath = defaultSocket(env);
    return { where: `unix://${socketPath}`, options: { ...base, socketPath } };
  }
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length) || defaultSocket(env);
    return { where: `unix://${socketPath}`, options: { ...base, socketPath } };
  }
  const url = parseUrl(raw.includes('//') ? raw : `tcp://${raw}`);
  if (url.protocol === 'ssh:') {
    const options = { ...base, protocol: 'ssh' as const, host: url.hostname, port: url.port || '22', username: url.username || undefined };
    return { where: raw, options };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EnvironmentError(
      'E_ENGINE',
      `DOCKER_HOST=${raw} is not a Docker address pyat can use`,
      'use unix:///path/to/docker.sock or tcp://host:port',
    );
  }
  // The docker CLI's rule: TLS when DOCKER_TLS_VERIFY is set or the port is the TLS port 2376.
  const tls = url.protocol === 'https:' || Boolean(env.DOCKER_TLS_VERIFY) || url.port === '2376';
  const port = url.port || (tls ? '2376' : '2375');
  const options: DockerOptions = { ...base, host: url.hostname, port, protocol: tls ? 'https' : 'http', ...(tls ? certs(env) : {}) };
  return { where: `tcp://${url.hostname}:${port}`, options };
}

// Docker Desktop's per-user socket first, as docker-modem and the docker CLI do.
function defaultSocket(env: NodeJS.ProcessEnv): string {
  const user = path.join(env.HOME ?? os.homedir(), '.docker', 'run', 'docker.sock');
  return existsSync(user) ? user : '/var/run/docker.sock';
}

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new EnvironmentError(
      'E_ENGINE',
      `DOCKER_HOST=${raw} is not a valid address`,
      'use unix:///path/to/docker.sock or tcp://host:port',
    );
  }
}

function certs(env: NodeJS.ProcessEnv): Pick<DockerOptions, 'ca' | 'cert' | 'key'> {
  const dir = env.DOCKER_CERT_PATH || path.join(env.HOME ?? os.homedir(), '.docker');
  try {
    const read = (f: string): Buffer => readFileSync(path.join(dir, f));
    return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new EnvironmentError(
      'E_ENGINE',
      `cannot read the Docker TLS certificates in ${dir}: ${reason}`,
      'set DOCKER_CERT_PATH to the folder with ca.pem, cert.pem and key.pem',
    );
  }
}
