// Services of a real team's stack that more than one Docker test runs: a worker with no port,
// ready once a file exists inside it (an `exec` probe), on the local busybox image.

/** The local busybox image (scripts/docker-env.sh builds it). */
export const BUSYBOX = 'busybox-local:latest';

/** A worker that becomes ready a second after it starts, as its exec probe sees from inside it. */
export function execWorker(dependsOn: string[]): Record<string, unknown> {
  return {
    image: BUSYBOX,
    command: ['sh', '-c', 'sleep 1; touch /tmp/ready; exec sleep 3600'],
    depends_on: dependsOn,
    health: { type: 'exec', command: 'test -f /tmp/ready', interval: '200ms', timeout: '30s' },
  };
}
