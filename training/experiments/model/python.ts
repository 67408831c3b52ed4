/**
 * The benchmark's Python: a virtualenv in .venv with the pinned anchor packages, made on first use
 * and brought up to date when requirements.txt changes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Returns the path of .venv's python, creating the environment when it is absent. */
export function benchPython(root: string): string {
  const python = join(root, '.venv', 'bin', 'python');
  const marker = join(root, '.venv', '.retem-bench');
  const requirements = join(root, 'training', 'experiments', 'model', 'requirements.txt');
  const wanted = readFileSync(requirements, 'utf8');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== wanted) {
    console.error('• setting up .venv for the gradient-boosting anchors');
    if (!existsSync(python))
      execFileSync('python3', ['-m', 'venv', join(root, '.venv')], { stdio: 'inherit' });
    execFileSync(python, ['-m', 'pip', 'install', '-q', '-r', requirements], {
      stdio: 'inherit',
    });
    writeFileSync(marker, wanted);
  }
  return python;
}
