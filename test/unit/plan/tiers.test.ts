import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/plan/tiers.js';
import { formatPlan } from '../../../src/plan/format.js';
import { dependencyClosure, dependentsOf } from '../../../src/plan/closure.js';
import { UsageError } from '../../../src/errors.js';
import { registryFromGraph, registryOf, shapes, svc } from '../../support/registry.js';

describe('tiers', () => {
  it('a chain puts each service one tier above its dependency', () => {
    expect(buildPlan(registryFromGraph(shapes.chain)).tiers).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('a diamond starts both sides together, the top after both', () => {
    expect(formatPlan(buildPlan(registryFromGraph(shapes.diamond)))).toBe('tier 0: base\ntier 1: left, right\ntier 2: top');
  });

  it('a fan-out puts every leaf on tier 1, sorted by name', () => {
    const graph = { root: [], d: ['root'], b: ['root'], c: ['root'], a: ['root'] };
    expect(buildPlan(registryFromGraph(graph)).tiers).toEqual([['root'], ['a', 'b', 'c', 'd']]);
  });

  it('a service sits one above its highest dependency, not its lowest', () => {
    const graph = { db: [], cache: ['db'], api: ['db', 'cache'] };
    expect(buildPlan(registryFromGraph(graph)).tiers).toEqual([['db'], ['cache'], ['api']]);
  });

  it('naming services plans only their dependency closure', () => {
    const reg = registryFromGraph(shapes.diamond);
    expect(buildPlan(reg, ['left']).tiers).toEqual([['base'], ['left']]);
    expect(dependencyClosure(reg, ['top'])).toEqual(['base', 'left', 'right', 'top']);
  });

  it('an unknown service name is a usage error that lists the known ones', () => {
    const reg = registryFromGraph(shapes.chain);
    expect(() => buildPlan(reg, ['zz'])).toThrow(UsageError);
    expect(() => buildPlan(reg, ['zz'])).toThrow(/no such service: zz/);
  });

  it('dependents are found transitively', () => {
    expect(dependentsOf(registryFromGraph(shapes.chain), 'b')).toEqual(['c', 'd']);
    expect(dependentsOf(registryFromGraph(shapes.diamond), 'left')).toEqual(['top']);
  });
});

describe('profiles', () => {
  const reg = registryOf([svc('db'), svc('api', { deps: ['db'] }), svc('debug', { deps: ['api'], profiles: ['tools'] })]);

  it('a service with a profile is left out unless its profile is active', () => {
    expect(buildPlan(reg).tiers).toEqual([['db'], ['api']]);
    expect(buildPlan(reg, [], ['tools']).tiers).toEqual([['db'], ['api'], ['debug']]);
  });

  it('a service named explicitly is included whatever its profile', () => {
    expect(buildPlan(reg, ['debug']).tiers).toEqual([['db'], ['api'], ['debug']]);
  });
});
