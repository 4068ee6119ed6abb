// Renders bench/results.json as the Markdown table `npm run bench` prints (and the README shows).

const s = (ms) => (ms === undefined || Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(2)} s`);
const ms = (x) => (x === undefined ? '–' : `+${Math.round(x)} ms`);
const ratio = (a, b) => (a === undefined || b === undefined ? '–' : (a / b).toFixed(2));
const mark = (ok) => (ok === undefined ? '' : ok ? 'met' : 'missed');

const one = (ms) => ({ median: ms, worst: undefined });

/** The rows of issue 13's uneven stack (8 services, a slow branch beside a fast one), when it ran. */
function unevenRows(u) {
  if (!u) return [];
  return [
    [
      'Uneven stack (8 services, a 5 s branch): `up --gate deps` → all healthy, vs Compose tuned (`interval: 1s`, `service_healthy`)',
      one(u.depsMs),
      one(u.composeMs),
      'ratio ≤ 0.75',
      u.depsOverCompose <= 0.75,
    ],
    [
      `— the same with \`--gate deps\` over the stack's critical path (${s(u.criticalPathMs)}, engine timestamps)`,
      one(u.depsMs),
      undefined,
      'within 10%',
      u.depsOverCriticalPath <= 1.1,
    ],
    [
      '— the same cold: no boot times learned yet (a first run), so every due start goes at once',
      one(u.depsColdMs),
      one(u.composeMs),
      '–',
      undefined,
    ],
    ['— the same with `--gate tiers`', one(u.tiersMs), one(u.composeMs), '–', undefined],
    ["— pyat's own share of automation's gate: platform listening → start request", one(u.shareMs), undefined, '≤ 0.1 s', u.shareMs <= 100],
    ['`up` on the uneven stack when every service is already healthy', one(u.healthyUpMs), undefined, '≤ 0.35 s', u.healthyUpMs <= 350],
  ];
}

/** The results table, one row per scenario, and the notes under it. */
export function renderTable(r) {
  const g = r.gateLatency;
  const st = r.stackStart;
  const rows = [
    [
      'Gate latency: ready → dependent started, vs Compose healthcheck `interval: 1s`',
      g.pyat,
      g.composeTuned,
      '≤ 0.25 s',
      g.pyat.median <= 250,
    ],
    [
      "— of it pyat's own share: its probe sees ready → it asks the engine to start the dependent",
      g.pyatShare,
      undefined,
      '≤ 0.25 s',
      g.pyatShare.median <= 250,
    ],
    [
      `Gate latency, vs Compose's default healthcheck timing (30 s; ${g.composeDefault.runs.length} runs)`,
      g.pyat,
      g.composeDefault,
      '≤ 0.25 s',
      g.pyat.median <= 250,
    ],
    [
      'Stack start: command → all 6 healthy, vs `compose up -d` + engine healthy (`interval: 1s`)',
      st.pyat,
      st.compose,
      'ratio ≤ 0.8',
      st.pyat.median / st.compose.median <= 0.8,
    ],
    ['`pyat status --json` (every probe) vs `compose ps`', r.status.pyat, r.status.composePs, '≤ 0.5 s', r.status.pyat?.median <= 500],
    ['`pyat --version`', r.startup.version, undefined, '≤ 0.15 s', r.startup.version.median <= 150],
    [
      `\`pyat validate\`, ${r.startup.services} services (${r.startup.lines} lines)`,
      r.startup.validate,
      undefined,
      '≤ 0.5 s',
      r.startup.validate.median <= 500,
    ],
    [`\`pyat plan\`, ${r.startup.services} services`, r.startup.plan, undefined, '≤ 0.5 s', r.startup.plan.median <= 500],
    ...(r.import
      ? [[`\`pyat import\`, ${r.import.services} Compose services`, r.import, undefined, '≤ 0.5 s', r.import.median <= 500]]
      : []),
    ...unevenRows(r.uneven),
  ];
  const lines = [
    '| scenario | pyat median | pyat worst | Compose median | Compose worst | pyat / Compose | goal | |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      ([name, p, c, goal, ok]) =>
        `| ${name} | ${s(p?.median)} | ${s(p?.worst)} | ${s(c?.median)} | ${s(c?.worst)} | ${ratio(p?.median, c?.median)} | ${goal} | ${mark(p ? ok : undefined)} |`,
    ),
    `| Peak memory (RSS) of \`pyat up\` | ${r.memory.peakMb.median?.toFixed(0)} MB | ${r.memory.peakMb.worst?.toFixed(0)} MB | | | | ≤ 150 MB | ${mark(r.memory.peakMb.worst <= 150)} |`,
  ];
  const p = g.pyatParts;
  const c = g.composeTunedParts;
  const e = r.engineStart;
  const notes = [
    `Gate latency, where it goes (medians): pyat — its probe sees the service ready after ${s(p.probe)}, it asks the engine to start the dependent ${s(p.decide)} later ` +
      `(pyat's own share: ${s(p.probe + p.decide)}), and the engine's start takes ${s(p.engine)} to StartedAt; ` +
      `Compose (1s) — the first passing healthcheck after ${s(c.healthcheck)}, then Compose creates and starts the dependent: ${s(c.compose)}` +
      `${r.gateLatency.composeDefaultParts.healthcheck !== undefined ? `; Compose (default timing) — the first passing healthcheck after ${s(r.gateLatency.composeDefaultParts.healthcheck)}` : ''}.`,
    `The engine alone: start request → StartedAt of a created copy of checkout ${s(e.api.median)} (Engine API, worst ${s(e.api.worst)}), ${s(e.cli.median)} with \`docker start\`.`,
    `\`node -e 0\` on this machine in the same run: ${s(r.startup.node.median)}; above it (paired runs, medians): \`--version\` ${ms(r.startup.overNode.version)}, ` +
      `\`validate\` ${ms(r.startup.overNode.validate)}, \`plan\` ${ms(r.startup.overNode.plan)} (${r.startup.services} services, ${r.startup.lines} lines, ${r.startup.kb} KB).`,
  ];
  return `${lines.join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}

/** One line about where and when: date, cores, memory, load average, versions, runs, duration. */
export function renderMachine(r) {
  const m = r.machine;
  return (
    `${r.date.slice(0, 16).replace('T', ' ')} UTC · ${m.cpus} × ${m.model} · ${m.memoryGb} GB · load average ${m.loadBefore.join(' / ')} before, ${m.loadAfter.join(' / ')} after · ` +
    `engine ${r.versions.engine} · Compose ${r.versions.compose.kind} ${r.versions.compose.version} · Node ${r.versions.node} · pyat ${r.versions.pyat} (${r.versions.commit}) · ` +
    `${r.runs.start} start runs (${r.runs.defaultTiming} with default timing), ${r.runs.quick} quick runs · ${Math.round(r.benchSeconds)} s in all`
  );
}
