// The engine's event stream (`GET /events`), read as it comes: the engine writes one JSON object
// per line and flushes it at once, so a container's `create` is seen within milliseconds, with its
// labels (https://docs.docker.com/reference/api/engine/version/v1.41/#tag/System/operation/SystemEvents).

import type http from 'node:http';

/** One container event, in the fields pyat reads. */
export interface ContainerEvent {
  action: string;
  id: string;
  /** The container's labels, its name and image, as the engine puts them on every container event. */
  attributes: Record<string, string>;
}

/** The `filters` query value for container events with `actions`, of the containers carrying `label` (`key=value`) or of one container. */
export function containerEventFilters(actions: readonly string[], of: { label: string } | { container: string }): string {
  return JSON.stringify({
    type: ['container'],
    event: actions,
    ...('label' in of ? { label: [of.label] } : { container: [of.container] }),
  });
}

/** Calls `onEvent` for each complete line of `stream` that is a container event, until the stream ends. */
export function readContainerEvents(stream: http.IncomingMessage, onEvent: (e: ContainerEvent) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const e = parseEvent(line);
      if (e) onEvent(e);
    }
  });
}

/** A line of the stream as a container event, or undefined for anything else (blank, other types, not JSON). */
export function parseEvent(line: string): ContainerEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    const raw = JSON.parse(line) as { Type?: string; Action?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
    if (raw.Type !== 'container' || !raw.Action || !raw.Actor?.ID) return undefined;
    return { action: raw.Action, id: raw.Actor.ID, attributes: raw.Actor.Attributes ?? {} };
  } catch {
    return undefined;
  }
}
