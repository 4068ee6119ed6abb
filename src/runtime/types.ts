// The adapters pyat's decisions are made against: the Docker engine and Compose. Commands get
// real ones (the Engine API over node:http, the compose CLI); the pure core never imports them.

/** A container's state as the engine reports it. */
export type ContainerState = 'created' | 'running' | 'restarting' | 'paused' | 'exited' | 'dead' | 'removing';

/** What pyat needs to know of one container of a project. */
export interface ContainerInfo {
  id: string;
  name: string;
  /** The Compose service (label com.docker.compose.service). */
  service: string;
  state: ContainerState;
  exitCode: number;
  restartCount: number;
  /** ISO timestamps from the engine ('' when never). */
  startedAt: string;
  finishedAt: string;
  /** The engine's own healthcheck status, when the container has one. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  image: string;
  imageId: string;
  labels: Record<string, string>;
  /** Published ports: container port → host bindings. */
  ports: { container: number; hostIp: string; hostPort: number }[];
  /** The container's IP addresses on its networks (empty until it runs). */
  addresses?: string[];
}

/**
 * A container as the engine's list shows it, in one call: enough to tell whether it is current and
 * to reach it, but no exit code, restart count or times (those need an inspect each).
 */
export type ListedContainer = Pick<ContainerInfo, 'id' | 'name' | 'service' | 'state' | 'imageId' | 'labels' | 'ports' | 'addresses'>;

/** The Docker engine, through its API. */
export interface Engine {
  /** Answers the engine's version, or throws EnvironmentError (exit 3) when it cannot be reached. */
  ping(): Promise<{ version: string; apiVersion: string }>;
  /** Every container of the project, in any state (by the com.docker.compose.project label). */
  listProject(project: string): Promise<ContainerInfo[]>;
  /** The same containers as the list alone shows them (one call, no inspects). */
  listProjectBrief(project: string): Promise<ListedContainer[]>;
  /** Every container publishing a given host port, of any project. */
  containersOnPort(hostPort: number): Promise<{ id: string; name: string; project?: string }[]>;
  inspect(id: string): Promise<ContainerInfo>;
  /** As inspect, but undefined when the container is gone (removed since it was listed). */
  inspectIfThere(id: string): Promise<ContainerInfo | undefined>;
  /**
   * Calls `onCreated` for every container of `project` created from now on, until `signal` aborts.
   * Resolves once the engine is listening, so that nothing created after that is missed.
   */
  watchCreated(
    project: string,
    onCreated: (id: string, labels: Readonly<Record<string, string>>) => void,
    signal: AbortSignal,
  ): Promise<void>;
  start(id: string): Promise<void>;
  /**
   * The exit code of the container's last `die` event since `sinceMs` (epoch ms), from the engine's
   * event log: once a restart policy has started it again, its state no longer holds that code.
   */
  lastExitCode(id: string, sinceMs: number): Promise<number | undefined>;
  stop(id: string, timeoutSeconds?: number): Promise<void>;
  /**
   * Runs `argv` in a running container through the exec API (no shell, no TTY) and answers its exit
   * code and the end of its output (stdout and stderr, demultiplexed).
   */
  exec(id: string, argv: string[], signal: AbortSignal): Promise<{ exitCode: number; output: string }>;
  /** The last `tail` lines of a container's log (stdout and stderr, demultiplexed). */
  logs(id: string, tail: number): Promise<string[]>;
  /** Streams a container's log to `out` until it ends or `signal` aborts. */
  followLogs(id: string, tail: number, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void>;
  imageExists(ref: string): Promise<boolean>;
  /** The ID of a local image, or undefined when it is not present. */
  imageId(ref: string): Promise<string | undefined>;
  /** Where the engine keeps its data, and how much space is free there, when it can tell. */
  info(): Promise<{ dockerRootDir: string; serverVersion: string }>;
}

/** Which Compose pyat drives: the v2 plugin (`docker compose`) or v1 (`docker-compose`). */
export interface ComposeCli {
  kind: 'v2' | 'v1';
  version: string;
  /** The command and leading arguments, e.g. ['docker', 'compose'] or ['docker-compose']. */
  argv: string[];
}

/** A project as Compose sees it: the file, the name and the env file. */
export interface ComposeProject {
  name: string;
  file: string;
  envFile?: string;
}

/** When Compose builds images, in Compose's words: `--build` (always), the default (missing ones), `--no-build` (never). */
export type BuildPolicy = 'always' | 'missing' | 'never';

/** Compose, through its command line (argument arrays, never a shell string). */
export interface Compose {
  cli: ComposeCli;
  /** Creates or recreates containers, networks and volumes without starting them (`up --no-start`). */
  create(project: ComposeProject, services: string[], opts: { build: BuildPolicy; signal?: AbortSignal }): Promise<void>;
  /** Pulls images (used when an image is neither present nor buildable). */
  pull(project: ComposeProject, services: string[]): Promise<void>;
  /** Stops and removes the project's containers and networks; volumes only when asked. */
  down(project: ComposeProject, opts: { volumes: boolean; timeoutSeconds?: number }): Promise<void>;
}
