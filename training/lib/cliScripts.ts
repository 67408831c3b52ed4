/**
 * Where each command-line program lives, by the name npm runs it under: one table for the
 * package scripts' targets, the demo build, the benches and the tests that spawn the CLIs.
 */
import { resolve } from 'node:path';

export const CLI_SCRIPTS = {
  train: 'training/cli/train.ts',
  synth: 'training/cli/synth.ts',
  fitTwin: 'training/cli/fitTwin.ts',
  buildKernel: 'training/cli/buildKernel.ts',
  score: 'training/scoring/scoreCli.ts',
  snapshot: 'training/snapshot/snapshotCli.ts',
  modelPull: 'training/tracking/modelPullCli.ts',
} as const;

export type CliName = keyof typeof CLI_SCRIPTS;

/** The absolute path of a CLI's entry file under the project root `root`. */
export function cliScriptPath(root: string, name: CliName): string {
  return resolve(root, CLI_SCRIPTS[name]);
}
