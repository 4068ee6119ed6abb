// Who holds a host port that cannot be listened on, as preflight and doctor both tell it: this
// project's own container is no problem (a running stack); anyone else is named, with the fix.

/** A container publishing a port. */
export interface PortHolder {
  name: string;
  project?: string;
}

/** This project's container holds it (`ours`), or who else does and the fix; `who` is undefined when the engine could not be asked. */
export type PortHolding = { ours: string } | { who: string | undefined; fix: string };

/** Judges a taken host `port` of `project` from the containers publishing it (undefined: the engine could not be asked). */
export function portHolding(port: number, project: string, holders: readonly PortHolder[] | undefined): PortHolding {
  const ours = holders?.find((h) => h.project === project);
  if (ours) return { ours: ours.name };
  const find = `find it with \`ss -ltnp 'sport = :${port}'\``;
  if (holders === undefined) return { who: undefined, fix: `${find}, or change the port in the registry` };
  const other = holders[0];
  if (other) {
    return {
      who: `container ${other.name}${other.project ? ` of project ${other.project}` : ''}`,
      fix: `stop it (docker stop ${other.name}) or change the port in the registry`,
    };
  }
  return { who: 'another process', fix: `${find} and stop it, or change the port in the registry` };
}
