// The demo service: one process that answers /health honestly about its upstreams and can be
// told to misbehave (late start, crash, permanent unhealthiness, missing key, hanging probe).
import { readConfig, type Config } from './config.js';
import { type UpstreamCheck } from './check.js';
import { checkHealth } from './health.js';
import { httpCheck } from './http-check.js';
import { createLog } from './log.js';
import { postgresCheck } from './postgres-check.js';
import { redisCheck } from './redis-check.js';
import { createServer } from './server.js';

function upstreamChecks(config: Config): UpstreamCheck[] {
  const checks: UpstreamCheck[] = [];
  if (config.databaseUrl) checks.push(postgresCheck(config.databaseUrl, config.checkTimeoutMs));
  if (config.redisUrl) checks.push(redisCheck(config.redisUrl, config.checkTimeoutMs));
  for (const base of config.upstreams) checks.push(httpCheck(base, config.checkTimeoutMs));
  return checks;
}

function main(): void {
  const config = readConfig(process.env);
  const log = createLog(config.name);
  const checks = upstreamChecks(config);
  const server = createServer({ config, log, health: () => checkHealth(config, checks, process.env) });

  log(`starting (pid ${process.pid}, upstreams: ${checks.map((c) => c.upstream).join(', ') || 'none'})`);
  if (config.startDelayMs > 0) log(`will listen after START_DELAY_MS=${config.startDelayMs}`);
  const startTimer = setTimeout(() => {
    // Logged from the 'listening' callback: this timestamp is the moment the port accepts connections.
    server.listen(config.port, () => log(`listening on ${config.port}`));
  }, config.startDelayMs);

  if (config.exitAfterMs !== undefined) {
    setTimeout(() => {
      log(`exiting with code ${config.exitCode} (EXIT_AFTER_MS=${config.exitAfterMs})`);
      process.exit(config.exitCode);
    }, config.exitAfterMs);
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`received ${signal}, stopping`);
    clearTimeout(startTimer);
    // A hung /health request keeps its socket open: close every connection, not only idle ones.
    server.close();
    server.closeAllConnections();
    // Stopping must stay prompt even if an upstream client hangs on close.
    setTimeout(() => process.exit(0), 500).unref();
    void Promise.allSettled(checks.map((c) => c.close())).then(() => {
      log('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  server.on('error', (err) => {
    log(`server error: ${err.message}`);
    process.exit(1);
  });
}

try {
  main();
} catch (err) {
  process.stderr.write(`${new Date().toISOString()} demo-service failed to start: ${String(err)}\n`);
  process.exit(1);
}
