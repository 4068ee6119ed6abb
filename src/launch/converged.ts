// Whether Compose has anything to do: when every selected service already has a container made
// from its current definition and image, `up` skips Compose entirely (Compose would find
// nothing to change, but only after seconds of its own start-up).

import { LABEL } from '../compose/model.js';
import { serviceHash } from '../compose/service-hash.js';
import type { Registry } from '../registry/model.js';
import type { ContainerInfo } from '../runtime/types.js';
import { defined } from '../util/defined.js';

/** The services whose container is missing, made from an older definition, or not on the registry's current image. */
export function servicesToCreate(
  registry: Registry,
  names: readonly string[],
  containers: ReadonlyMap<string, Pick<ContainerInfo, 'labels' | 'imageId'>>,
  imageIds: ReadonlyMap<string, string | undefined>,
): string[] {
  return names.filter((name) => {
    const svc = defined(registry.services.get(name), `service ${name}`);
    const c = containers.get(name);
    if (!c || c.labels[LABEL.configHash] !== serviceHash(svc)) return true;
    if (!svc.image) return false;
    const current = imageIds.get(svc.image);
    return current === undefined || current !== c.imageId;
  });
}
