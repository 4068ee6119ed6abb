// Check: every image is present, or can be had. Present locally or buildable (the build context
// exists) passes; an image that must be pulled warns, since a pull needs a registry that may not
// be reachable; a build context that does not exist fails.

import type { ServiceDef } from '../registry/model.js';
import { notPass, pass, type DoctorCheck } from './types.js';

/** What is known of one image (or one build-only service), shared by the services named. */
export interface ImageFacts {
  /** The image reference, or undefined for a service that is only built. */
  image?: string;
  services: string[];
  present: boolean;
  /** The first build context among the services, and whether it is a directory. */
  build?: { context: string; exists: boolean };
}

/** Groups services by image (build-only services alone), in declaration order. */
export function imageGroups(services: readonly ServiceDef[]): { image?: string; services: ServiceDef[] }[] {
  const groups: { image?: string; services: ServiceDef[] }[] = [];
  for (const s of services) {
    const same = s.image ? groups.find((g) => g.image === s.image) : undefined;
    if (same) same.services.push(s);
    else groups.push({ ...(s.image ? { image: s.image } : {}), services: [s] });
  }
  return groups;
}

/** One image's line. */
export function imageVerdict(f: ImageFacts): DoctorCheck {
  const name = `image ${f.image ?? f.services[0]}`;
  const used = `(${f.services.join(', ')})`;
  if (f.build && !f.build.exists)
    return notPass('fail', name, `build context ${f.build.context} does not exist ${used}`, 'fix `build` in the registry');
  if (f.image && f.present) return pass(name, `present locally ${used}`);
  if (f.build) return pass(name, `${f.image ? 'not built yet; ' : ''}will be built from ${f.build.context} ${used}`);
  return notPass('warn', name, `not present; will be pulled ${used}`, `pull it now (docker pull ${f.image}), or build it and name it so`);
}
