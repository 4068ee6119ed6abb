import { describe, expect, it } from 'vitest';
import { composeArgv, createArgs, downArgs, isActiveEndpointsRace } from '../../../src/runtime/compose-cli.js';
import { composeFailure, pullFailure } from '../../../src/runtime/compose-errors.js';
import type { ComposeCli } from '../../../src/runtime/types.js';

const v1: ComposeCli = { kind: 'v1', version: '1.29.2', argv: ['docker-compose'] };
const v2: ComposeCli = { kind: 'v2', version: '2.24.5', argv: ['docker', 'compose'] };

describe('Compose argv', () => {
  it('puts project, file and env file before the subcommand, for v1 and v2 alike', () => {
    expect(composeArgv(v1, { name: 'shop', file: '/x/c.yaml' }, ['config'])).toEqual([
      'docker-compose',
      '-p',
      'shop',
      '-f',
      '/x/c.yaml',
      'config',
    ]);
    expect(composeArgv(v2, { name: 'shop', file: 'c.yaml', envFile: '.env' }, ['pull', 'db'])).toEqual([
      'docker',
      'compose',
      '-p',
      'shop',
      '-f',
      'c.yaml',
      '--env-file',
      '.env',
      'pull',
      'db',
    ]);
  });

  it('create is `up --no-start`, building only when asked', () => {
    expect(createArgs(['db', 'api'], 'always')).toEqual(['up', '--no-start', '--build', 'db', 'api']);
    expect(createArgs([], 'never')).toEqual(['up', '--no-start', '--no-build']);
    expect(createArgs(['db'], 'missing')).toEqual(['up', '--no-start', 'db']);
  });

  it('down removes orphans always, volumes only when asked', () => {
    expect(downArgs(false)).toEqual(['down', '--remove-orphans']);
    expect(downArgs(true, 3)).toEqual(['down', '--remove-orphans', '-v', '-t', '3']);
  });

  it("down is retried only for the engine's late endpoint release, as v1 and v2 report it", () => {
    const v1Race =
      'Removing shop_db_1 ... done\nRemoving network shop_default\nERROR: error while removing network: network shop_default id d623a8a0e152 has active endpoints\n';
    const v2Race =
      ' Container shop-db-1  Removed\n Network shop_default  Error\nfailed to remove network shop_default: Error response from daemon: error while removing network: network shop_default has active endpoints\n';
    expect(isActiveEndpointsRace(composeFailure('docker-compose', 'down', v1Race, 1))).toBe(true);
    expect(isActiveEndpointsRace(composeFailure('docker compose', 'down', v2Race, 1))).toBe(true);
    expect(isActiveEndpointsRace(composeFailure('docker-compose', 'down', "ERROR: Couldn't connect to Docker daemon\n", 1))).toBe(false);
    expect(isActiveEndpointsRace(new Error('has active endpoints'))).toBe(false);
  });
});

describe('Compose failures', () => {
  it('v1 stopping at "Pulling" is a pull failure of that image', () => {
    const stderr =
      'Pulling web (acme/web:1)...\nGet "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host\n';
    expect(pullFailure(stderr)).toEqual({ image: 'acme/web:1', service: 'web' });
    expect(composeFailure('docker-compose', 'up', stderr, 1)).toMatchObject({
      code: 'E_IMAGE_PULL',
      message:
        'docker-compose up failed: image acme/web:1 cannot be pulled: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    });
  });

  it('v2 progress ending in Pulling → Error is a pull failure of that service', () => {
    const stderr = ' web Pulling \n web Error \nError response from daemon: pull access denied for acme/web, repository does not exist\n';
    expect(pullFailure(stderr)).toEqual({ image: 'acme/web', service: 'web' });
  });

  it('a failure after the pull is not blamed on it', () => {
    const stderr = 'Pulling web (acme/web:1)...\nCreating shop_web_1 ...\nERROR: for web  Cannot create container: conflict\n';
    expect(pullFailure(stderr)).toBeUndefined();
    expect(composeFailure('docker-compose', 'up', stderr, 1)).toMatchObject({ code: 'E_COMPOSE_FAILED', exitCode: 3 });
  });

  it('an empty stderr still says how it ended', () => {
    expect(composeFailure('docker compose', 'down', '', 137).message).toBe('docker compose down failed: exit code 137');
  });
});
