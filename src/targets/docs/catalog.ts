// The service catalog in Markdown: the dependency graph (Mermaid, which GitHub renders), one port
// map sorted by host port (so that a second port scheme shows at once), and one table per
// service. Built from the registry alone: it says what should run; `pyat status` says what does.

import { tierOf } from '../../plan/tiers.js';
import type { Registry, ServiceDef } from '../../registry/model.js';
import { formatDuration } from '../../util/duration.js';
import { generatedBy } from '../header.js';
import { portsOf, probePortOf } from '../ports.js';
import { variablesOf } from '../variables.js';
import { describeHealth } from './healthy.js';
import { byCodePoint } from '../../util/compare.js';

const code = (s: string) => `\`${s}\``;
const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : '—');
// Mermaid ids must not be keywords (`end`) nor hold dashes in every position: prefix and translate.
const nodeId = (name: string) => `s_${name.replaceAll('-', '_')}`;

/** The whole catalog for the registry; `outDir` is where it is written (the header's paths are relative to it). */
export function renderCatalog(registry: Registry, outDir: string, command: string): string {
  const tiers = tierOf(registry, [...registry.services.keys()]);
  const services = [...registry.services.values()];
  return [
    `<!-- ${generatedBy(registry.files, outDir, command)} -->`,
    '',
    `# Services of ${code(registry.name)}`,
    '',
    'What the registry says should run. `pyat status --format markdown` shows what does run.',
    '',
    ...graph(registry, tiers),
    ...portMap(services),
    '## Services',
    '',
    ...services.flatMap((svc) => serviceSection(svc, tiers.get(svc.name) ?? 0)),
  ].join('\n');
}

function graph(registry: Registry, tiers: Map<string, number>): string[] {
  const byTier: string[][] = [];
  for (const [name, tier] of tiers) (byTier[tier] ??= []).push(name);
  const lines = [
    '## Dependencies',
    '',
    'An arrow points from a service to one it needs; a tier starts when every tier below is ready.',
    '',
  ];
  lines.push('```mermaid', 'flowchart BT');
  byTier.forEach((names, tier) => {
    lines.push(`  subgraph tier${tier} [tier ${tier}]`);
    for (const name of [...names].sort()) lines.push(`    ${nodeId(name)}["${name}"]`);
    lines.push('  end');
  });
  for (const svc of registry.services.values()) for (const dep of svc.dependsOn) lines.push(`  ${nodeId(svc.name)} --> ${nodeId(dep)}`);
  lines.push('```', '');
  return lines;
}

function portMap(services: readonly ServiceDef[]): string[] {
  const rows = services
    .flatMap((svc) => portsOf(svc).map((p) => ({ ...p, service: svc.name })))
    .sort((a, b) => a.host - b.host || byCodePoint(a.bind, b.bind));
  return [
    '## Port map',
    '',
    'Every published port, sorted by host port.',
    '',
    '| host port | bind address | service | container port |',
    '| ---: | --- | --- | ---: |',
    ...rows.map((r) => `| ${r.host} | ${r.bind} | ${r.service} | ${r.container} |`),
    '',
  ];
}

function serviceSection(svc: ServiceDef, tier: number): string[] {
  const vars = variablesOf(svc);
  const { health } = svc;
  const budget = health.type === 'none' ? '' : ` (start-up budget ${formatDuration(health.timeout)})`;
  const rows: [string, string][] = [
    ['tier', `${tier}${svc.infra ? ' (infrastructure)' : ''}`],
    ['image', svc.image ? code(svc.image) : '— (built only)'],
    ['build', svc.build ? code(svc.build.context) : '—'],
    ['ports', list(portsOf(svc).map((p) => `${code(`${p.bind}:${p.host}`)} → ${p.container}`))],
    ['depends on', list(svc.dependsOn.map(code))],
    [
      'healthy when',
      svc.job ? 'done when its container has exited 0 (a one-shot job)' : `${describeHealth(health, probePortOf(svc))}${budget}`,
    ],
    ['required variables', list(vars.filter((v) => v.required).map((v) => code(v.name)))],
    ['variables with a default', list(vars.filter((v) => !v.required).map((v) => code(v.name)))],
    ['profiles', list(svc.profiles.map(code))],
  ];
  return [`### ${svc.name}`, '', '| | |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`), ''];
}
