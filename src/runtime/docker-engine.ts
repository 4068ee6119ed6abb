// The Engine adapter over the Docker Engine API. Every call has a deadline and every failure
// becomes a PyatError: a dead or hung engine ends pyat with exit 3 and a hint, never with a stack
// or a hang.

import type http from 'node:http';
import { PROJECT_LABEL } from './compose-labels.js';
import { toContainerInfo, toListedContainer, type InspectInfo, type ListedJson } from './container-info.js';
import { demuxInto, demuxLog, logLines } from './demux.js';
import { connectionOf, resolveDockerEndpoint, type EngineConnection } from './docker-host.js';
import { engineError, engineStatus, withTimeout } from './engine-errors.js';
import { containerEventFilters, parseEvent, readContainerEvents } from './engine-events.js';
import { engineHeaders, engineJson, engineRequest, engineStream } from './engine-http.js';
import type { ContainerInfo, Engine, ListedContainer } from './types.js';
import { byCodePoint } from '../util/compare.js';

/** Deadlines of engine calls, in ms. A quick question gets seconds; a stop gets its grace period too. */
export interface EngineTimeouts {
  query: number;
  start: number;
}

const DEFAULT_TIMEOUTS: EngineTimeouts = { query: 5_000, start: 30_000 };
// What an exec probe keeps of a command's output: its end says why it failed.
const MAX_EXEC_OUTPUT = 8 * 1024;

/**
 * Connects to the engine that `env` names (DOCKER_HOST, else the local socket). With `cancel` (the
 * command's Ctrl-C), every call ends at once when it aborts, with an InterruptedError saying which call.
 */
export function createDockerEngine(env: NodeJS.ProcessEnv, timeouts: Partial<EngineTimeouts> = {}, cancel?: AbortSignal): Promise<Engine> {
  const endpoint = resolveDockerEndpoint(env);
  return Promise.resolve(new DockerEngine(connectionOf(endpoint), endpoint.where, { ...DEFAULT_TIMEOUTS, ...timeouts }, cancel));
}

const q = (params: Record<string, string | number | boolean>): string =>
  new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))).toString();
const id$ = (id: string): string => encodeURIComponent(id);

class DockerEngine implements Engine {
  constructor(
    private readonly conn: EngineConnection,
    private readonly where: string,
    private readonly timeouts: EngineTimeouts,
    private readonly cancel?: AbortSignal,
  ) {}

  async ping(): Promise<{ version: string; apiVersion: string }> {
    // `/_ping` answers in ~1 ms with both in its headers; `/version` asks containerd and runc (~20 ms).
    const h = await this.call('answer a ping', this.timeouts.query, (s) => engineHeaders(this.conn, '/_ping', s));
    const apiVersion = h['api-version'];
    const server = h.server;
    const version = typeof server === 'string' ? /^[^/]+\/(\S+)/.exec(server)?.[1] : undefined;
    if (typeof apiVersion === 'string' && version !== undefined) return { version, apiVersion };
    const v = await this.call('tell its version', this.timeouts.query, (s) =>
      engineJson<{ Version: string; ApiVersion: string }>(this.conn, '/version', s),
    );
    return { version: v.Version, apiVersion: v.ApiVersion };
  }

  async listProject(project: string): Promise<ContainerInfo[]> {
    // The list lacks exit codes, restart counts and times: inspect all at once (~2 ms each locally).
    const infos = await Promise.all((await this.listProjectBrief(project)).map((c) => this.inspectIfThere(c.id)));
    return infos
      .filter((c): c is ContainerInfo => c !== undefined)
      .sort((a, b) => byCodePoint(a.service, b.service) || byCodePoint(a.name, b.name));
  }

  async listProjectBrief(project: string): Promise<ListedContainer[]> {
    const filters = JSON.stringify({ label: [`${PROJECT_LABEL}=${project}`] });
    const list = await this.call(`list the containers of ${project}`, this.timeouts.query, (s) =>
      engineJson<ListedJson[]>(this.conn, `/containers/json?${q({ all: true, filters })}`, s),
    );
    return list.map(toListedContainer);
  }

  async containersOnPort(hostPort: number): Promise<{ id: string; name: string; project?: string }[]> {
    // Only running containers hold a host port; the list already carries their published ports.
    const list = await this.call('list the running containers', this.timeouts.query, (s) =>
      engineJson<ListedJson[]>(this.conn, '/containers/json', s),
    );
    return list
      .filter((c) => c.Ports.some((p) => p.PublicPort === hostPort))
      .map((c) => {
        const project = c.Labels?.[PROJECT_LABEL];
        return { id: c.Id, name: (c.Names[0] ?? c.Id).replace(/^\//, ''), ...(project !== undefined ? { project } : {}) };
      });
  }

  async inspect(id: string): Promise<ContainerInfo> {
    const c = await this.call(`inspect container ${id}`, this.timeouts.query, (s) =>
      engineJson<InspectInfo>(this.conn, `/containers/${id$(id)}/json`, s),
    );
    return toContainerInfo(c);
  }

  async watchCreated(
    project: string,
    onCreated: (id: string, labels: Readonly<Record<string, string>>) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const filters = containerEventFilters(['create'], { label: `${PROJECT_LABEL}=${project}` });
    // As with followed logs, the stream lives until the caller's signal; only connecting has a deadline.
    const stream = await this.call(`watch the events of ${project}`, this.timeouts.query, () =>
      engineStream(this.conn, `/events?${q({ filters })}`, signal),
    );
    stream.on('error', () => undefined); // the abort that ends the watch destroys the stream
    readContainerEvents(stream, (e) => onCreated(e.id, e.attributes));
  }

  async lastExitCode(id: string, sinceMs: number): Promise<number | undefined> {
    const filters = containerEventFilters(['die'], { container: id });
    // With `until` (now), the engine answers from its event log and ends the response.
    const window = { since: (sinceMs / 1000).toFixed(3), until: (Date.now() / 1000).toFixed(3), filters };
    const body = await this.call(`read the events of ${id}`, this.timeouts.query, (s) =>
      engineRequest(this.conn, 'GET', `/events?${q(window)}`, s),
    );
    const codes = body
      .toString('utf8')
      .split('\n')
      .map(parseEvent)
      .flatMap((e) => (e?.action === 'die' && e.attributes.exitCode !== undefined ? [Number(e.attributes.exitCode)] : []));
    return codes.at(-1);
  }

  async start(id: string): Promise<void> {
    // 304 "already started": the state asked for holds, as `docker start` treats it.
    await this.call(`start container ${id}`, this.timeouts.start, (s) =>
      engineRequest(this.conn, 'POST', `/containers/${id$(id)}/start`, s),
    );
  }

  async stop(id: string, timeoutSeconds?: number): Promise<void> {
    // The engine waits the grace period, then kills; without one it uses the container's own
    // StopTimeout (Compose's stop_grace_period, 10 s by default), which we cannot see from here.
    const deadline = ((timeoutSeconds ?? 120) + 10) * 1000;
    const query = timeoutSeconds !== undefined ? `?${q({ t: timeoutSeconds })}` : '';
    await this.call(`stop container ${id}`, deadline, (s) => engineRequest(this.conn, 'POST', `/containers/${id$(id)}/stop${query}`, s));
  }

  async exec(id: string, argv: string[], signal: AbortSignal): Promise<{ exitCode: number; output: string }> {
    // Engine API "Exec": create, start attached (the answer ends when the command does), then read its exit code.
    const what = `run a command in ${id}`;
    const within = (fn: (s: AbortSignal) => Promise<Buffer>) =>
      this.call(what, this.timeouts.query, (s) => fn(AbortSignal.any([s, signal])));
    const created = await within((s) =>
      engineRequest(this.conn, 'POST', `/containers/${id$(id)}/exec`, s, { AttachStdout: true, AttachStderr: true, Cmd: argv }),
    );
    const execId = (JSON.parse(created.toString('utf8')) as { Id: string }).Id;
    const output = await within((s) => engineRequest(this.conn, 'POST', `/exec/${id$(execId)}/start`, s, { Detach: false, Tty: false }));
    const state = JSON.parse((await within((s) => engineRequest(this.conn, 'GET', `/exec/${id$(execId)}/json`, s))).toString('utf8')) as {
      ExitCode: number | null;
    };
    return { exitCode: state.ExitCode ?? -1, output: demuxLog(output).slice(-MAX_EXEC_OUTPUT) };
  }

  async logs(id: string, tail: number): Promise<string[]> {
    const buf = await this.call(`read the log of ${id}`, this.timeouts.query * 2, (s) =>
      engineRequest(this.conn, 'GET', `/containers/${id$(id)}/logs?${q({ stdout: true, stderr: true, tail })}`, s),
    );
    return logLines(demuxLog(buf));
  }

  async followLogs(id: string, tail: number, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    let stream: http.IncomingMessage;
    try {
      // The request lives as long as the stream: it ends with the caller's signal, not the connect deadline.
      stream = await this.call(`follow the log of ${id}`, this.timeouts.query, () =>
        engineStream(this.conn, `/containers/${id$(id)}/logs?${q({ stdout: true, stderr: true, follow: true, tail })}`, signal),
      );
    } catch (err) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the signal may fire during the await
      if (signal.aborted) return;
      throw err;
    }
    await pumpUntilEnd(stream, out, signal, (err) => engineError(err, this.where, `follow the log of ${id}`));
  }

  async imageExists(ref: string): Promise<boolean> {
    return (await this.imageId(ref)) !== undefined;
  }

  async imageId(ref: string): Promise<string | undefined> {
    try {
      const image = await this.call(`inspect image ${ref}`, this.timeouts.query, (s) =>
        engineJson<{ Id: string }>(this.conn, `/images/${encodeURIComponent(ref)}/json`, s),
      );
      return image.Id;
    } catch (err) {
      if (engineStatus((err as Error).cause) === 404) return undefined;
      throw err;
    }
  }

  async info(): Promise<{ dockerRootDir: string; serverVersion: string }> {
    const i = await this.call('describe itself', this.timeouts.query, (s) =>
      engineJson<{ DockerRootDir?: string; ServerVersion?: string }>(this.conn, '/info', s),
    );
    return { dockerRootDir: i.DockerRootDir ?? '', serverVersion: i.ServerVersion ?? '' };
  }

  // A container removed between the list and the inspect (404) is simply no longer there.
  async inspectIfThere(id: string): Promise<ContainerInfo | undefined> {
    try {
      return await this.inspect(id);
    } catch (err) {
      if (engineStatus((err as Error).cause) === 404) return undefined;
      throw err;
    }
  }

  private async call<T>(what: string, ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await withTimeout(ms, fn, this.cancel);
    } catch (err) {
      if (engineStatus(err) === 304) return undefined as T; // start/stop of a container already so
      throw engineError(err, this.where, what);
    }
  }
}

function pumpUntilEnd(
  stream: http.IncomingMessage,
  out: NodeJS.WritableStream,
  signal: AbortSignal,
  wrap: (err: unknown) => Error,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const finish = (err?: unknown): void => {
      signal.removeEventListener('abort', onAbort);
      if (err !== undefined && !signal.aborted) reject(wrap(err));
      else resolve();
    };
    const onAbort = (): void => {
      stream.destroy();
      finish();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', demuxInto(out));
    stream.once('end', () => finish());
    stream.once('close', () => finish());
    stream.once('error', (err: unknown) => finish(err));
  });
}
