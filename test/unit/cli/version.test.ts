import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/cli/version.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string; bin: { pyat: string } };

describe('pyat --version', () => {
  it('the CLI says the version package.json has', () => {
    expect(VERSION).toBe(pkg.version);
  });

  // After `npm run build` (npm test builds first): the executable npm links answers as the CLI does.
  it.skipIf(!existsSync(path.join(repo, pkg.bin.pyat)))(
    'the package executable answers --version and -v itself, and hands anything else to the CLI',
    () => {
      const bin = path.join(repo, pkg.bin.pyat);
      expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
      expect(execFileSync(process.execPath, [bin, '-v'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
      expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toMatch(/^Usage: pyat/m);
    },
  );
});
