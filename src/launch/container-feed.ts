// Where the tiers get each service's container. When Compose must create containers, a service
// need not wait for all of them: the engine announces every `create` with the container's labels,
// and a container that this run's Compose made from the current definition is final, so it may
// start while Compose still makes the others (with Compose v1, tier 0 starts about a second
// sooner). Any other container waits until Compose is done and the project is listed again,
// because Compose may still recreate it (a changed dependency recreates a stopped dependent).

import { LABEL } from '../compose/model.js';
import { ONEOFF_LABEL, SERVICE_LABEL } from '../runtime/compose-labels.js';
import type { ContainerInfo } from '../runtime/types.js';

/** The container of each service, when it can be started. */
export interface ContainerFeed {
  /** The container of `name`, or undefined when there is none (Compose made none, or it failed). */
  get(name: string): Promise<ContainerInfo | undefined>;
}

/** A feed of containers that are all known already: nothing is being created. */
export function settledFeed(containers: ReadonlyMap<string, ContainerInfo>): ContainerFeed {
  return { get: (name) => Promise.resolve(containers.get(name)) };
}

/**
 * The service of a newly created container that may start before Compose is done, or undefined:
 * a container of a selected service, not a one-off, not there before this run, and made from the
 * service's current definition (its config hash).
 */
export function earlyService(
  id: string,
  labels: Readonly<Record<string, string>>,
  hashes: ReadonlyMap<string, string>,
  before: ReadonlySet<string>,
): string | undefined {
  const service = labels[SERVICE_LABEL];
  if (service === undefined || before.has(id) || labels[ONEOFF_LABEL] === 'True') return undefined;
  const hash = hashes.get(service);
  return hash !== undefined && labels[LABEL.configHash] === hash ? service : undefined;
}

/** A feed fed while Compose creates: `created` for each create event, then `settle` once Compose has finished. */
export class CreationFeed implements ContainerFeed {
  private readonly waiting = new Map<
    string,
    { promise: Promise<ContainerInfo | undefined>; resolve: (c: ContainerInfo | undefined) => void }
  >();
  private final: ReadonlyMap<string, ContainerInfo> | undefined;

  /**
   * @param hashes the current config hash of every selected service
   * @param before the IDs of the project's containers before Compose ran
   * @param inspect reads a created container (its state, ports, image)
   */
  constructor(
    private readonly hashes: ReadonlyMap<string, string>,
    private readonly before: ReadonlySet<string>,
    private readonly inspect: (id: string) => Promise<ContainerInfo>,
  ) {}

  get(name: string): Promise<ContainerInfo | undefined> {
    if (this.final) return Promise.resolve(this.final.get(name));
    return this.slot(name).promise;
  }

  /** The engine says container `id` was created: hand it out now if it is final. */
  created(id: string, labels: Readonly<Record<string, string>>): void {
    const service = earlyService(id, labels, this.hashes, this.before);
    if (service === undefined || this.final) return;
    // A container gone before it could be read (Compose rolled back) is not handed out; `settle` decides.
    this.inspect(id).then(
      (c) => c.state === 'created' && this.slot(service).resolve(c),
      () => undefined,
    );
  }

  /** Compose has finished (or failed: an empty map): every service still waiting gets what the project holds now. */
  settle(containers: ReadonlyMap<string, ContainerInfo>): void {
    this.final = containers;
    for (const [name, slot] of this.waiting) slot.resolve(containers.get(name));
  }

  private slot(name: string) {
    let slot = this.waiting.get(name);
    if (!slot) {
      let resolve!: (c: ContainerInfo | undefined) => void;
      const promise = new Promise<ContainerInfo | undefined>((r) => (resolve = r));
      slot = { promise, resolve };
      this.waiting.set(name, slot);
    }
    return slot;
  }
}
