/** The benchmark's Python: a virtualenv in .venv with the pinned baseline packages, made on first use. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Returns the path of .venv's python, creating the environment when it is absent. */
export function benchPython(root: string): string {
  const python = join(root, '.venv', 'bin', 'python');
  const marker = join(root, '.venv', '.retem-bench');
  if (!existsSync(marker)) {
    console.error('• setting up .venv for the XGBoost baseline (once)');
    if (!existsSync(python))
      execFileSync('python3', ['-m', 'venv', join(root, '.venv')], { stdio: 'inherit' });
    execFileSync(
      python,
      ['-m', 'pip', 'install', '-q', '-r', join(root, 'training', 'bench', 'requirements.txt')],
      {
        stdio: 'inherit',
      },
    );
    execFileSync('touch', [marker]);
  }
  return python;
}
