/**
 * npm run bench at two commits, interleaved: before, after, before, after… (three runs each by
 * default), each in a git worktree of its own. Writes every run's figures and a table of each
 * figure's median and spread (min–max) at both commits to artifacts/bench/ab.json and ab.md, so
 * that "the same figures within the spread of the runs" is read off the bench, not typed.
 *
 *   tsx training/experiments/app/benchAB.ts --before <commit> --after <commit> [--runs 3]
 *     [--customers N]
 *   tsx training/experiments/app/benchAB.ts --before-model <dir> --after-model <dir> [--runs 3]
 *     [--customers N]
 *   tsx training/experiments/app/benchAB.ts --table-only [--customers N] [--models]   (the table again)
 *
 * With --customers N, each run is `npm run bench -- --customers N` (the app at a bank's scale),
 * its figures and table kept apart (ab-scale-N.json). The table also goes into
 * docs/benchmarks.md, between its bench-ab (or bench-ab-scale-N) markers.
 *
 * With --before-model and --after-model, the two sides are two trained models (of Santander's
 * columns) under this checkout's code: each run is `npm run bench -- --model <dir>`, which measures
 * everything but training, so what differs is the model alone (ab-models.json,
 * ab-scale-N-models.json; bench-ab-models… markers).
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..', '..');

function flag(name: string, fallback?: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : fallback;
  if (value === undefined) {
    console.error('Usage: benchAB.ts --before <commit> --after <commit> [--runs N]');
    process.exit(2);
  }
  return value;
}

const git = (args: string[], cwd = root) => {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
};

/** Every number in a bench.json, by its dotted path (the bars and the machine left out). */
function figuresOf(json: unknown, path = ''): Map<string, number> {
  const found = new Map<string, number>();
  if (typeof json === 'number' && Number.isFinite(json)) found.set(path, json);
  else if (json !== null && typeof json === 'object') {
    for (const [key, value] of Object.entries(json)) {
      if (key === 'bars' || key === 'machine' || key.startsWith('bar')) continue;
      for (const [p, v] of figuresOf(value, path === '' ? key : `${path}.${key}`)) found.set(p, v);
    }
  }
  return found;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

interface AbRuns {
  readonly before: string;
  readonly after: string;
  /** The commit a model A/B ran at (both sides). */
  readonly commit?: string;
  readonly runs: { readonly before: unknown[]; readonly after: unknown[] };
}

/** The scale run's customers, or null for the plain `npm run bench`. */
const scaleAt = process.argv.indexOf('--customers');
const customers = scaleAt >= 0 ? Number(process.argv[scaleAt + 1]) : null;
const benchArgs = customers === null ? [] : ['--', '--customers', String(customers)];
const benchJson = customers === null ? 'bench.json' : `scale-${customers}.json`;
/** Two models under this checkout's code, rather than two commits. */
const models = process.argv.includes('--before-model') || process.argv.includes('--models');
const kind = `${customers === null ? '' : `-scale-${customers}`}${models ? '-models' : ''}`;

/** Runs `npm run bench -- --model <dir>` with each model in turn, interleaved, in this checkout. */
function runModelBenches(): AbRuns {
  const dirs = { before: resolve(flag('before-model')), after: resolve(flag('after-model')) };
  const runs = Number(flag('runs', '3'));
  const results: { before: unknown[]; after: unknown[] } = { before: [], after: [] };
  for (let run = 1; run <= runs; run++) {
    for (const side of ['before', 'after'] as const) {
      console.error(`• run ${run} of ${runs}, ${side} (${dirs[side]})`);
      const scale = customers === null ? [] : ['--customers', String(customers)];
      const bench = spawnSync('npm', ['run', 'bench', '--', ...scale, '--model', dirs[side]], {
        cwd: root,
        stdio: 'inherit',
      });
      if (bench.status !== 0) throw new Error(`npm run bench failed with the ${side} model`);
      results[side].push(
        JSON.parse(readFileSync(join(root, 'artifacts', 'bench', benchJson), 'utf8')),
      );
    }
  }
  const commit = git(['rev-parse', '--short', 'HEAD']);
  return { before: dirs.before, after: dirs.after, commit, runs: results };
}

/** Runs the benches, interleaved, and keeps their figures. */
function runBenches(): AbRuns {
  const before = git(['rev-parse', flag('before')]);
  const after = git(['rev-parse', flag('after')]);
  const runs = Number(flag('runs', '3'));
  const work = mkdtempSync(join(tmpdir(), 'retem-ab-'));
  const trees = { before: join(work, 'before'), after: join(work, 'after') };
  // The benches read the real data beside the project, as ../shared.
  symlinkSync(resolve(root, '..', 'shared'), join(work, 'shared'));
  const results: { before: unknown[]; after: unknown[] } = { before: [], after: [] };
  try {
    for (const [side, commit] of [
      ['before', before],
      ['after', after],
    ] as const) {
      git(['worktree', 'add', '--detach', trees[side], commit]);
      symlinkSync(join(root, 'node_modules'), join(trees[side], 'node_modules'));
      symlinkSync(join(root, '.venv-mlflow'), join(trees[side], '.venv-mlflow'));
      // The scale bench scores with the demo model, which each commit trains for itself.
      if (customers !== null) {
        const demo = spawnSync('npx', ['tsx', join('training', 'demo.ts')], {
          cwd: trees[side],
          stdio: 'inherit',
          env: { ...process.env, MLFLOW_TRACKING_URI: '' },
        });
        if (demo.status !== 0) throw new Error(`the demo failed at ${side}`);
      }
    }
    for (let run = 1; run <= runs; run++) {
      for (const side of ['before', 'after'] as const) {
        console.error(`• run ${run} of ${runs}, ${side} (${side === 'before' ? before : after})`);
        const bench = spawnSync('npm', ['run', 'bench', ...benchArgs], {
          cwd: trees[side],
          stdio: 'inherit',
        });
        if (bench.status !== 0) throw new Error(`npm run bench failed at ${side}`);
        results[side].push(
          JSON.parse(readFileSync(join(trees[side], 'artifacts', 'bench', benchJson), 'utf8')),
        );
      }
    }
  } finally {
    for (const tree of Object.values(trees))
      spawnSync('git', ['worktree', 'remove', '--force', tree]);
    rmSync(work, { recursive: true, force: true });
  }
  return { before, after, runs: results };
}

const abFile = join(root, 'artifacts', 'bench', `ab${kind}.json`);
const ab: AbRuns = process.argv.includes('--table-only')
  ? (JSON.parse(readFileSync(abFile, 'utf8')) as AbRuns)
  : models
    ? runModelBenches()
    : runBenches();
const { before, after } = ab;
const runs = ab.runs.after.length;
const results = ab.runs;
const perRun = {
  before: results.before.map((r) => figuresOf(r)),
  after: results.after.map((r) => figuresOf(r)),
};
const names = [...(perRun.after[0]?.keys() ?? [])].filter((name) => perRun.before[0]?.has(name));
const rows = names.map((name) => {
  const b = perRun.before.map((f) => f.get(name) ?? Number.NaN);
  const a = perRun.after.map((f) => f.get(name) ?? Number.NaN);
  const overlap = Math.max(...a) >= Math.min(...b) && Math.min(...a) <= Math.max(...b);
  return { name, before: b, after: a, ratio: median(a) / median(b), overlap };
});
/** "on <date>: <cpus> × <model>, <memory> GiB, Node <version>" of a bench run. */
function machineLine(run: unknown): string {
  const r = run as {
    date?: string;
    machine?: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  };
  const m = r.machine;
  const day = r.date?.slice(0, 10) ?? '?';
  return m === undefined
    ? `on ${day}`
    : `on ${day}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GiB, Node ${m.node}`;
}
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
const table = [
  `${models ? `\`${['npm run bench', ...(benchArgs.length > 0 ? benchArgs : ['--']), '--model'].join(' ')}\` at commit ${ab.commit ?? '?'}, ${runs} interleaved runs with each model, before ${basename(before)} and after ${basename(after)} (training not measured)` : `\`${['npm run bench', ...benchArgs].join(' ')}\`, ${runs} interleaved runs at each commit, before ${before.slice(0, 7)} and after ${after.slice(0, 7)}`}, ${machineLine(results.after[0])}. Times in seconds or ms as the figure's name says; rows/s, MB and kB likewise.`,
  '',
  '| figure | before: median (min–max) | after: median (min–max) | after ÷ before | spreads overlap |',
  '|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${fmt(median(r.before))} (${fmt(Math.min(...r.before))}–${fmt(Math.max(...r.before))}) | ${fmt(median(r.after))} (${fmt(Math.min(...r.after))}–${fmt(Math.max(...r.after))}) | ${r.ratio.toFixed(3)} | ${r.overlap ? 'yes' : 'no'} |`,
  ),
].join('\n');
mkdirSync(join(root, 'artifacts', 'bench'), { recursive: true });
if (!process.argv.includes('--table-only'))
  writeFileSync(abFile, JSON.stringify(ab, null, 1) + '\n');
writeFileSync(join(root, 'artifacts', 'bench', `ab${kind}.md`), table + '\n');
writeAbSection(join(root, 'docs', 'benchmarks.md'), table);
console.log(table);

/** Puts the table between docs/benchmarks.md's bench-ab markers (added at its end if absent). */
function writeAbSection(docsPath: string, markdown: string): void {
  const start = `<!-- bench-ab${kind}:start (generated by training/experiments/app/benchAB.ts; do not edit) -->`;
  const end = `<!-- bench-ab${kind}:end -->`;
  const text = existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : '';
  const block = `${start}\n${markdown}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n## Before and after a ${models ? 'model' : 'change'}${customers === null ? '' : `, ${customers.toLocaleString('en-US')} customers`}\n\n${block}\n`;
  writeFileSync(docsPath, next);
}
