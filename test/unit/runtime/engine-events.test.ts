import { PassThrough } from 'node:stream';
import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { containerEventFilters, parseEvent, readContainerEvents, type ContainerEvent } from '../../../src/runtime/engine-events.js';

// A create event as engine 20.10 (API 1.41) writes it, labels among the actor's attributes.
const create = (id: string, service: string) =>
  JSON.stringify({
    status: 'create',
    id,
    from: 'img',
    Type: 'container',
    Action: 'create',
    Actor: {
      ID: id,
      Attributes: { 'com.docker.compose.project': 'p', 'com.docker.compose.service': service, image: 'img', name: `p_${service}_1` },
    },
    scope: 'local',
    time: 1,
    timeNano: 1,
  });

describe('the engine event stream', () => {
  it('asks for the given actions of the containers with a label, or of one container', () => {
    expect(JSON.parse(containerEventFilters(['create'], { label: 'com.docker.compose.project=p' }))).toEqual({
      type: ['container'],
      event: ['create'],
      label: ['com.docker.compose.project=p'],
    });
    expect(JSON.parse(containerEventFilters(['die'], { container: 'c1' }))).toEqual({
      type: ['container'],
      event: ['die'],
      container: ['c1'],
    });
  });

  it('reads a container event with its labels; other types, blank lines and garbage are skipped', () => {
    expect(parseEvent(create('c1', 'db'))).toEqual({
      action: 'create',
      id: 'c1',
      attributes: expect.objectContaining({ 'com.docker.compose.service': 'db' }),
    });
    expect(parseEvent(JSON.stringify({ Type: 'network', Action: 'create', Actor: { ID: 'n1' } }))).toBeUndefined();
    expect(parseEvent('')).toBeUndefined();
    expect(parseEvent('{not json')).toBeUndefined();
  });

  it('reassembles events split across chunks, and several in one chunk', () => {
    const stream = new PassThrough();
    const seen: ContainerEvent[] = [];
    readContainerEvents(stream as unknown as http.IncomingMessage, (e) => seen.push(e));
    const a = create('c1', 'db');
    stream.write(a.slice(0, 20));
    stream.write(`${a.slice(20)}\n${create('c2', 'api')}\n${create('c3', 'web').slice(0, 5)}`);
    expect(seen.map((e) => e.id)).toEqual(['c1', 'c2']);
  });
});
