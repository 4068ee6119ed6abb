// The target contract: a target is a pure function from the resolved registry to files. It reads
// no disk, no clock and no environment, so the same registry gives the same bytes, and
// `generate --check` can compare them with what is committed.

import type { Registry } from '../registry/model.js';

/** One generated file: its absolute path and its whole text. */
export interface GeneratedFile {
  path: string;
  text: string;
}

/** What a target may be told beyond the registry (each target reads the options it knows). */
export interface TargetOptions {
  /** The output: a file (layout `file`) or a directory (layout `dir`), absolute. */
  out: string;
  /** Active profiles: a target that deploys (k8s) writes only the services they select. */
  profiles: readonly string[];
  /** k8s: how a workload waits for its dependencies (`init` containers, or `none`). */
  wait?: 'init' | 'none';
  /** k8s: the image of the init containers that wait for a Service (needs `sh` and `nc`). */
  waitImage?: string;
  /** k8s: the image of the init containers that wait for a Job (runs `kubectl wait`). */
  kubectlImage?: string;
  /** k8s: the size of each volume claim. */
  storage?: string;
}

/** A generator of one kind of output. */
export interface Target {
  /** The name `--target` takes. */
  name: string;
  /** The command that makes the output, as its header and messages name it. */
  command: string;
  /** `file`: one file; `dir`: a directory in which pyat owns the files that carry its header. */
  layout: 'file' | 'dir';
  /** Where the output goes when `-o` is not given, from the directory of the first registry file. */
  defaultOutput(baseDir: string): string;
  /** The files, or an InputError (exit 2) listing what cannot be expressed; never writes. */
  render(registry: Registry, opts: TargetOptions): GeneratedFile[];
}
