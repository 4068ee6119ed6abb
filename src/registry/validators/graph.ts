// Validators of the dependency graph: every dependency exists, and none goes round in a circle.

import { suggestionHint } from '../suggest.js';
import { findCycles } from './cycles.js';
import { errorAt, type Validator } from './types.js';

/** A `depends_on` entry names a service that is not declared. */
export const unknownDependency: Validator = {
  name: 'unknown-dependency',
  check: (ctx) =>
    [...ctx.registry.services.values()].flatMap((s) =>
      s.dependsOn.flatMap((dep, i) =>
        ctx.declared.has(dep)
          ? []
          : [
              errorAt(
                ctx,
                ['services', s.name, 'depends_on', i],
                `service "${s.name}" depends on "${dep}", which is not defined`,
                suggestionHint(dep, [...ctx.declared], 'defined services'),
              ),
            ],
      ),
    ),
};

/** Services that wait for each other can never start: print the cycle (as garden does). */
export const dependencyCycle: Validator = {
  name: 'dependency-cycle',
  check: (ctx) => {
    const graph = new Map([...ctx.registry.services.values()].map((s) => [s.name, s.dependsOn]));
    return findCycles(graph).map((cycle) => {
      const [from = '', to = ''] = cycle;
      const self = cycle.length === 2;
      return errorAt(
        ctx,
        ['services', from, 'depends_on', (graph.get(from) ?? []).indexOf(to)],
        `dependency cycle: ${cycle.join(' -> ')}`,
        self
          ? `a service cannot depend on itself: remove "${from}" from its depends_on`
          : 'these services would wait for each other forever: remove one of these depends_on entries',
      );
    });
  },
};
