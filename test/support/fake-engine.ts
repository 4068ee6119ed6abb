// A typed fake of the Docker engine for unit tests, on a fake clock: each container follows a
// script (how long its start takes, when its probe answers ready, when it exits or restarts), and
// the fake's probes read the same script, so a whole launch runs in milliseconds with exact times.
// It implements every method of Engine, so no test needs an `as unknown as Engine` cast.

import type { Probe, ProbeResult } from '../../src/probes/types.js';
import type { ServiceDef } from '../../src/registry/model.js';
import type { ContainerInfo, ContainerState, Engine, ListedContainer } from '../../src/runtime/types.js';
import { containerOf } from './containers.js';
import type { Clock } from '../../src/util/clock.js';
import { FakeClock } from './fake-clock.js';

/** How one fake container behaves; times are ms of the fake clock after its start. */
export interface Script {
  /** How long the engine's start takes (default 0). */
  startTakes?: number;
  /** When its probe first answers ready (default 0). */
  readyAfter?: number;
  /** It exits this long after its start, with `exitCode` (default 1). */
  exitAfter?: number;
  exitCode?: number;
  /** Its restart policy restarts it this often, after a crash with `exitCode`. */
  restartEvery?: number;
  /** Its probe never answers: every attempt hangs until it is cut off. */
  hang?: boolean;
  /** Its probe fails for good with this detail (a wrong password). */
  probeFails?: string;
  /** The engine refuses to start it, with this message. */
  startError?: string;
  /** It writes a line to its output when it becomes ready (at `readyAfter`), as a service logging "listening on" does. */
  saysReady?: boolean;
}

/** What the fake engine was asked to do, and when (fake clock). */
export interface EngineCall {
  op: 'start' | 'stop';
  service: string;
  at: number;
}

interface FakeContainer {
  info: ContainerInfo;
  script: Script;
  /** Fake-clock time of its last start; undefined while never started or stopped. */
  startedAt: number | undefined;
}

/** The fake engine: containers by service, scripted, on a fake clock. */
export class FakeEngine implements Engine {
  readonly calls: EngineCall[] = [];
  /** The services whose output was followed, in order. */
  readonly follows: string[] = [];
  /** Images the fake has, by reference → ID. */
  readonly images = new Map<string, string>();
  private readonly containers = new Map<string, FakeContainer>();

  constructor(
    private readonly clock: Clock = new FakeClock(),
    private readonly project = 'test',
  ) {}

  /** Adds a container of `svc` in `state` (a running one counts as started now). */
  add(svc: ServiceDef, state: ContainerState = 'created', script: Script = {}): ContainerInfo {
    const info = containerOf(svc, { state, imageId: 'sha256:0' });
    info.labels['com.docker.compose.project'] = this.project;
    if (svc.image) this.images.set(svc.image, 'sha256:0');
    this.containers.set(info.id, { info, script, startedAt: state === 'running' ? this.clock.now() : undefined });
    return info;
  }

  /** The fake-clock time the engine was asked to start/stop `service` (the first time), or undefined. */
  when(op: EngineCall['op'], service: string): number | undefined {
    return this.calls.find((c) => c.op === op && c.service === service)?.at;
  }

  /** The probe of `svc`, answering from its container's script. */
  readonly probeFor = (svc: ServiceDef): Probe | undefined => {
    if (svc.health.type === 'none') return undefined;
    const c = [...this.containers.values()].find((x) => x.info.service === svc.name);
    const answer = (status: ProbeResult['status'], detail: string): ProbeResult => ({ status, detail, latencyMs: 0 });
    return {
      kind: svc.health.type,
      target: `fake://${svc.name}`,
      check: (signal) => {
        if (c === undefined) return Promise.resolve(answer('pending', 'connection refused'));
        const state = this.stateOf(c);
        if (state.state !== 'running') return Promise.resolve(answer('pending', 'connection refused'));
        if (c.script.probeFails) return Promise.resolve(answer('failed', c.script.probeFails));
        if (c.script.hang) {
          return new Promise((resolve) => {
            signal.addEventListener('abort', () => {
              resolve(answer('pending', 'aborted'));
            });
          });
        }
        const up = this.clock.now() - (c.startedAt ?? 0);
        return Promise.resolve(up >= (c.script.readyAfter ?? 0) ? answer('ready', 'HTTP 200') : answer('pending', 'HTTP 503 starting'));
      },
      close: () => Promise.resolve(),
    };
  };

  ping(): Promise<{ version: string; apiVersion: string }> {
    return Promise.resolve({ version: '27.0.1', apiVersion: '1.46' });
  }

  listProject(project: string): Promise<ContainerInfo[]> {
    return Promise.resolve(project === this.project ? [...this.containers.values()].map((c) => this.stateOf(c)) : []);
  }

  /** What the real list shows: the inspect answer without exit code, restart count and times. */
  async listProjectBrief(project: string): Promise<ListedContainer[]> {
    return (await this.listProject(project)).map(({ id, name, service, state, imageId, labels, ports, addresses }) => ({
      id,
      name,
      service,
      state,
      imageId,
      labels,
      ports,
      addresses: addresses ?? [],
    }));
  }

  containersOnPort(hostPort: number): Promise<{ id: string; name: string; project?: string }[]> {
    return Promise.resolve(
      [...this.containers.values()]
        .filter((c) => c.info.ports.some((p) => p.hostPort === hostPort))
        .map((c) => ({ id: c.info.id, name: c.info.name, project: this.project })),
    );
  }

  inspect(id: string): Promise<ContainerInfo> {
    return Promise.resolve(this.stateOf(this.get(id)));
  }

  inspectIfThere(id: string): Promise<ContainerInfo | undefined> {
    const c = this.containers.get(id);
    return Promise.resolve(c === undefined ? undefined : this.stateOf(c));
  }

  /** No exec-probed service in the scheduler's tests: an exec answers that it ran nothing. */
  exec(_id: string, argv: string[]): Promise<{ exitCode: number; output: string }> {
    return Promise.resolve({ exitCode: 127, output: `fake engine: no exec of ${argv.join(' ')}` });
  }

  watchCreated(): Promise<void> {
    return Promise.resolve();
  }

  async start(id: string): Promise<void> {
    const c = this.get(id);
    this.calls.push({ op: 'start', service: c.info.service, at: this.clock.now() });
    if (c.script.startTakes) await this.clock.sleep(c.script.startTakes);
    if (c.script.startError) throw new Error(c.script.startError);
    c.startedAt = this.clock.now();
  }

  lastExitCode(id: string): Promise<number | undefined> {
    const c = this.get(id);
    return Promise.resolve(c.script.restartEvery === undefined ? undefined : (c.script.exitCode ?? 1));
  }

  stop(id: string): Promise<void> {
    const c = this.get(id);
    this.calls.push({ op: 'stop', service: c.info.service, at: this.clock.now() });
    c.startedAt = undefined;
    c.info = { ...c.info, state: 'exited', exitCode: 0 };
    return Promise.resolve();
  }

  logs(id: string, tail: number): Promise<string[]> {
    return Promise.resolve([`${this.get(id).info.service}: the last of ${tail} lines`]);
  }

  /** Follows a started container's output: one line when it becomes ready, if its script says so. */
  async followLogs(id: string, _tail: number, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
    const c = this.get(id);
    this.follows.push(c.info.service);
    if (!c.script.saysReady || c.startedAt === undefined) return;
    const left = c.startedAt + (c.script.readyAfter ?? 0) - this.clock.now();
    if (left > 0) await this.clock.sleep(left, signal);
    if (!signal.aborted) out.write(`${c.info.service} listening\n`);
  }

  imageExists(ref: string): Promise<boolean> {
    return Promise.resolve(this.images.has(ref));
  }

  imageId(ref: string): Promise<string | undefined> {
    return Promise.resolve(this.images.get(ref));
  }

  info(): Promise<{ dockerRootDir: string; serverVersion: string }> {
    return Promise.resolve({ dockerRootDir: '/var/lib/docker', serverVersion: '27.0.1' });
  }

  private get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (!c) throw new Error(`no such container: ${id}`);
    return c;
  }

  /** The container as the engine would report it now, from its script and the clock. */
  private stateOf(c: FakeContainer): ContainerInfo {
    if (c.startedAt === undefined) return c.info;
    const up = this.clock.now() - c.startedAt;
    const { exitAfter, restartEvery, exitCode = 1 } = c.script;
    if (restartEvery !== undefined && up >= restartEvery) {
      return { ...c.info, state: 'running', restartCount: c.info.restartCount + Math.floor(up / restartEvery), exitCode: 0 };
    }
    if (exitAfter !== undefined && up >= exitAfter) return { ...c.info, state: 'exited', exitCode };
    return { ...c.info, state: 'running' };
  }
}
