// `pyat import` of a 20-service Compose project (a base file and an override, every env form,
// literal secrets, healthchecks), written to a temp folder with --force: the goal is ≤ 0.5 s.
// Runs inside `npm run bench`, or alone: `node bench/scenarios/import.mjs [runs]` (after npm run build).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { must, summary } from '../lib/measure.mjs';
import { pyatBin } from '../lib/stack.mjs';

/** A Compose project of `n` services: Postgres, Redis, and n − 2 application services. */
function composeProject(n) {
  const services = {
    postgres: {
      image: 'postgres:16-alpine',
      ports: ['5433:5432'],
      environment: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'bench-secret-pg' },
      healthcheck: { test: ['CMD-SHELL', 'pg_isready -U app'], interval: '5s', retries: 10 },
    },
    redis: { image: 'redis:7', ports: ['6380:6379'], command: 'redis-server --requirepass bench-secret-redis' },
  };
  for (let i = 0; i < n - 2; i += 1) {
    const port = 8000 + i;
    services[`app-${i}`] = {
      build: { context: `./services/app-${i}`, args: ['NODE_ENV=production'] },
      ports: [`${port}:${port}`],
      environment: [
        `DATABASE_URL=postgres://app:bench-secret-pg@postgres:5432/app`,
        `REDIS_URL=redis://:bench-secret-redis@redis:6379/${i % 16}`,
        `API_KEY=bench-key-${i}`,
        'TOKEN_EXPIRY=15',
        'LOG_LEVEL',
      ],
      depends_on:
        i === 0
          ? { postgres: { condition: 'service_healthy' }, redis: { condition: 'service_started' } }
          : ['postgres', 'redis', `app-${i - 1}`],
      healthcheck: { test: ['CMD', 'curl', '-f', `http://localhost:${port}/health`], interval: '10s' },
      stop_grace_period: '5s',
      container_name: `bench-app-${i}`,
    };
  }
  const override = {
    services: Object.fromEntries(
      Object.keys(services)
        .slice(2)
        .map((s) => [s, { environment: { LOG_LEVEL: 'debug' } }]),
    ),
  };
  return { base: stringify({ services }), override: stringify(override) };
}

// The CPU time (user + system) the measured process used, written at its exit: on a shared machine
// the wall time moves with the others' load, the CPU time much less.
const CPU_PRELOAD = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); " +
    'writeFileSync(process.env.PYAT_BENCH_CPU_FILE, String((u.user + u.system) / 1000)); });',
)}`;

/** `runs` imports of an `n`-service project; each writes the registry, .env.example and report. */
export async function importRuns(runs, n = 20) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pyat-bench-import-'));
  try {
    const { base, override } = composeProject(n);
    writeFileSync(path.join(dir, 'compose.yaml'), base);
    writeFileSync(path.join(dir, 'compose.override.yaml'), override);
    const cpuFile = path.join(dir, 'cpu-ms');
    const measure = async (extra) => {
      const args = [
        '--import',
        CPU_PRELOAD,
        pyatBin,
        'import',
        '-o',
        'out/services.yaml',
        '--report',
        'out/report.txt',
        '--force',
        ...extra,
      ];
      const { ms } = await must(process.execPath, args, { cwd: dir, env: { ...process.env, PYAT_BENCH_CPU_FILE: cpuFile } });
      return { ms, cpu: Number(readFileSync(cpuFile, 'utf8')) };
    };
    // Interleaved: the whole import (it validates what it wrote), and --dry-run (no writing, no validation).
    const full = [];
    const dry = [];
    for (let i = 0; i < runs; i += 1) {
      full.push(await measure([]));
      dry.push(await measure(['--dry-run']));
    }
    const of = (xs, k) => summary(xs.map((x) => x[k]));
    return { services: n, ...of(full, 'ms'), cpu: of(full, 'cpu'), dryRun: { ...of(dry, 'ms'), cpu: of(dry, 'cpu') } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await importRuns(Number(process.argv[2] ?? 10));
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  process.stdout.write(
    `pyat import, ${r.services} services: median ${s(r.median)}, worst ${s(r.worst)} (goal ≤ 0.5 s), CPU ${s(r.cpu.median)}; ` +
      `--dry-run (no validation) ${s(r.dryRun.median)}, CPU ${s(r.dryRun.cpu.median)}; load average ${os.loadavg()[0].toFixed(1)}\n`,
  );
}
