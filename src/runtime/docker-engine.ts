// The Engine adapter over dockerode. Every call has a deadline and every failure becomes a PyatError:
// a dead or hung engine ends pyat with exit 3 and a hint, never with a stack or a hang.

import type Docker from 'dockerode';
import { toContainerInfo } from './container-info.js';
import { demuxLog, logLines } from './demux.js';
import { resolveDockerEndpoint } from './docker-host.js';
import { engineError, engineStatus, withTimeout } from './engine-errors.js';
import type { ContainerInfo, Engine } from './types.js';

/** Deadlines of engine calls, in ms. A quick question gets seconds; a stop gets its grace period too. */
export interface EngineTimeouts {
  query: number;
  start: number;
}

const DEFAULT_TIMEOUTS: EngineTimeouts = { query: 5_000, start: 30_000 };
// Compose labels every container it creates with these (compose-spec, "Labels" / docker/compose api.go).
const PROJECT_LABEL = 'com.docker.compose.project';

/** Connects to the engine that `env` names (DOCKER_HOST, else the local socket); dockerode loads only now. */
export async function createDockerEngine(env: NodeJS.ProcessEnv, timeouts: Partial<EngineTimeouts> = {}): Promise<Engine> {
  const { where, options } = resolveDockerEndpoint(env);
  const { default: Dockerode } = await import('dockerode');
  return new DockerEngine(new Dockerode(options), where, { ...DEFAULT_TIMEOUTS, ...timeouts });
}

class DockerEngine implements Engine {
  constructor(
    private readonly docker: Docker,
    private readonly where: string,
    private readonly timeouts: EngineTimeouts,
  ) {}

  async ping(): Promise<{ version: string; apiVersion: string }> {
    const v = await this.call('tell its version', this.timeouts.query, (s) => withSignal<Docker.DockerVersion>(this.docker, 'version')(s));
    return { version: v.Version, apiVersion: v.ApiVersion };
  }

  async listProject(project: string): Promise<ContainerInfo[]> {
    const filters = { label: [`${PROJECT_LABEL}=${project}`] };
    const list = await this.call(`list the containers of ${project}`, this.timeouts.query, (s) =>
      this.docker.listContainers({ all: true, filters, abortSignal: s }),
    );
    // The list lacks exit codes, restart counts and times: inspect all at once (~2 ms each locally).
    const infos = await Promise.all(list.map((c) => this.inspectIfThere(c.Id)));
    return infos.filter((c): c is ContainerInfo => c !== undefined).sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
  }

  async containersOnPort(hostPort: number): Promise<{ id: string; name: string; project?: string }[]> {
    // Only running containers hold a host port; the list already carries their published ports.
    const list = await this.call('list the running containers', this.timeouts.query, (s) => this.docker.listContainers({ abortSignal: s }));
    return list
      .filter((c) => c.Ports.some((p) => p.PublicPort === hostPort))
      .map((c) => {
        const project = c.Labels[PROJECT_LABEL];
        return { id: c.Id, name: (c.Names[0] ?? c.Id).replace(/^\//, ''), ...(project !== undefined ? { project } : {}) };
      });
  }

  async inspect(id: string): Promise<ContainerInfo> {
    const c = await this.call(`inspect container ${id}`, this.timeouts.query, (s) => this.docker.getContainer(id).inspect({ abortSignal: s }));
    return toContainerInfo(c);
  }

  async start(id: string): Promise<void> {
    await this.call(`start container ${id}`, this.timeouts.start, (s) => ignore304(this.docker.getContainer(id).start({ abortSignal: s })));
  }

  async stop(id: string, timeoutSeconds?: number): Promise<void> {
    // The engine waits the grace period, then kills; without one it uses the container's own
    // StopTimeout (Compose's stop_grace_period, 10 s by default), which we cannot see from here.
    const deadline = ((timeoutSeconds ?? 120) + 10) * 1000;
    const opts = { ...(timeoutSeconds !== undefined ? { t: timeoutSeconds } : {}) };
    await this.call(`stop container ${id}`, deadline, (s) => ignore304(this.docker.getContainer(id).stop({ ...opts, abortSignal: s })));
  }

  async logs(id: string, tail: number): Promise<string[]> {
    const buf = await this.call(`read the log of ${id}`, this.timeouts.query * 2, (s) =>
      this.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, tail, abortSignal: s }),
    );
    return logLines(demuxLog(Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf))));
  }

  async followLogs(id: string, tail: number, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    let stream: NodeJS.ReadableStream;
    try {
      // The request lives as long as the stream: it ends with the caller's signal, not the connect deadline.
      stream = await this.call(`follow the log of ${id}`, this.timeouts.query, (s) =>
        this.docker.getContainer(id).logs({ stdout: true, stderr: true, follow: true, tail, abortSignal: AbortSignal.any([s, signal]) }),
      );
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
    await pumpUntilEnd(this.docker, stream, out, signal, (err) => engineError(err, this.where, `follow the log of ${id}`));
  }

  async imageExists(ref: string): Promise<boolean> {
    return (await this.imageId(ref)) !== undefined;
  }

  async imageId(ref: string): Promise<string | undefined> {
    try {
      const image = await this.call(`inspect image ${ref}`, this.timeouts.query, () => this.docker.getImage(ref).inspect());
      return image.Id;
    } catch (err) {
      if (engineStatus((err as Error).cause) === 404) return undefined;
      throw err;
    }
  }

  async info(): Promise<{ dockerRootDir: string; serverVersion: string }> {
    const i = await this.call('describe itself', this.timeouts.query, (s) => withSignal<Record<string, unknown>>(this.docker, 'info')(s));
    return { dockerRootDir: String(i.DockerRootDir ?? ''), serverVersion: String(i.ServerVersion ?? '') };
  }

  // A container removed between the list and the inspect (404) is simply no longer there.
  private async inspectIfThere(id: string): Promise<ContainerInfo | undefined> {
    try {
      return await this.inspect(id);
    } catch (err) {
      if (engineStatus((err as Error).cause) === 404) return undefined;
      throw err;
    }
  }

  private async call<T>(what: string, ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await withTimeout(ms, fn);
    } catch (err) {
      throw engineError(err, this.where, what);
    }
  }
}

// @types/dockerode omits the options argument that dockerode 4 takes (and aborts on) for these calls.
function withSignal<R>(docker: Docker, method: 'version' | 'info'): (signal: AbortSignal) => Promise<R> {
  const fn = docker[method].bind(docker) as unknown as (opts: { abortSignal: AbortSignal }) => Promise<R>;
  return (signal) => fn({ abortSignal: signal });
}

// 304 "already started" / "already stopped": the state asked for holds, as `docker start` treats it.
async function ignore304(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (engineStatus(err) !== 304) throw err;
  }
}

function pumpUntilEnd(docker: Docker, stream: NodeJS.ReadableStream, out: NodeJS.WritableStream, signal: AbortSignal, wrap: (err: unknown) => Error): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const finish = (err?: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      if (err !== undefined && !signal.aborted) reject(wrap(err));
      else resolve();
    };
    const onAbort = (): void => {
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      finish();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // docker-modem's demuxer passes a TTY container's raw stream through unchanged.
    docker.modem.demuxStream(stream, out, out);
    stream.once('end', () => finish());
    stream.once('close', () => finish());
    stream.once('error', (err: unknown) => finish(err));
  });
}
