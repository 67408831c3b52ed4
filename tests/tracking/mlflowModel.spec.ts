/**
 * The registered model as a standard MLflow model, used the way a data team would, against a
 * real MLflow server (no mocks): `mlflow.pyfunc.load_model(...).predict` on a frame exactly as
 * pandas.read_csv gives it, `mlflow models serve`, the onnx flavor, and `spark_udf` on local[2],
 * each equal to `npm run score` within 1e-5 on every one of the 75,818 real customers to score.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/records/csv';
import type { PreprocessSpec } from '../../src/core/preprocess';
import { MlflowClient } from '../../training/tracking/mlflowClient';
import { recipeFlags, runCliScript } from '../support/cli';
import {
  freePort,
  MLFLOW_PYTHON,
  startMlflowServer,
  type MlflowServer,
} from '../support/mlflowServer';
import { hasSharedData, ROOT, SHARED_DATA } from '../support/paths';

const work = mkdtempSync(join(tmpdir(), 'retem-mlflow-model-'));
const TRAIN = join(SHARED_DATA, 'santander', 'train.csv.gz');
const CUSTOMERS = join(SHARED_DATA, 'santander', 'test.csv.gz');
const CHAMPION = 'models:/retem-churn@champion';
const QUICK = recipeFlags({ towers: 2, epochs: 8, patience: 3 });

interface ScoredRow {
  readonly p: number;
  readonly decision: string;
  /** NaN when the file has no expected_value_brl column. */
  readonly value: number;
}

/** probability, decision and expected value by ID from a CSV with those columns. */
function scoresById(path: string, idColumn = 'ID'): Map<string, ScoredRow> {
  const [header, ...records] = parseCsv(readFileSync(path, 'utf8'));
  const names = header?.fields ?? [];
  const at = (name: string) => names.indexOf(name);
  const byId = new Map<string, ScoredRow>();
  for (const record of records) {
    byId.set(record.fields[at(idColumn)] ?? '', {
      p: Number(record.fields[at('probability')]),
      decision: record.fields[at('decision')] ?? '',
      value:
        at('expected_value_brl') < 0 ? Number.NaN : Number(record.fields[at('expected_value_brl')]),
    });
  }
  return byId;
}

/** The IDs whose decision or expected R$ (to the cent, ±R$ 0.01) differ from the reference's. */
function differingDecisions(reference: Map<string, ScoredRow>, other: Map<string, ScoredRow>) {
  return [...reference].filter(([id, r]) => {
    const o = other.get(id);
    return o === undefined || o.decision !== r.decision || !(Math.abs(o.value - r.value) <= 0.011);
  });
}

/** The largest |Δp| between two score files over the reference's IDs; every ID must be there. */
function worstGap(
  reference: Map<string, { p: number }>,
  other: Map<string, { p: number }>,
): number {
  let worst = 0;
  for (const [id, { p }] of reference) {
    const q = other.get(id)?.p ?? Number.NaN;
    worst = Math.max(worst, Number.isNaN(q) ? Infinity : Math.abs(p - q));
  }
  return worst;
}

function python(args: string[], env: Record<string, string>, timeoutMs: number) {
  const result = spawnSync(MLFLOW_PYTHON, args, {
    cwd: work,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, PYSPARK_PYTHON: MLFLOW_PYTHON, ...env },
  });
  return { status: result.status, out: `${result.stdout}\n${result.stderr}` };
}

const describeWithData = hasSharedData() ? describe : describe.skip;

describeWithData('the registered champion, through MLflow’s own tools', () => {
  let server: MlflowServer;
  let reference: Map<string, ScoredRow>;
  const modelDir = join(work, 'model');

  beforeAll(async () => {
    server = await startMlflowServer();
    const trained = runCliScript('train', ['--data', TRAIN, '--out', modelDir, ...QUICK], 240_000, {
      MLFLOW_TRACKING_URI: server.uri,
    });
    expect(trained.status, trained.stderr).toBe(0);
    expect(trained.stdout).toContain('registered retem-churn version 1; promoted to champion');
    const scored = runCliScript('score', [
      '--model',
      modelDir,
      '--data',
      CUSTOMERS,
      '--out',
      join(work, 'tfjs.csv'),
    ]);
    expect(scored.status, scored.stderr).toBe(0);
    reference = scoresById(join(work, 'tfjs.csv'));
    expect(reference.size).toBe(75_818);
  }, 400_000);
  afterAll(async () => {
    await server.stop();
  });

  it('registers python_function and onnx flavors beside retem_tfjs, with a signature and an environment', async () => {
    const client = new MlflowClient({ trackingUri: server.uri });
    const version = await client.getVersionByAlias('retem-churn', 'champion');
    if (version === null) throw new Error('no champion');
    const uri = await client.getDownloadUri(version.name, version.version);
    const listed = (await client.listArtifacts(uri)).map((f) => f.path.split('/').pop());
    expect(listed).toEqual(
      expect.arrayContaining([
        'MLmodel',
        'model.onnx',
        'code',
        'requirements.txt',
        'python_env.yaml',
        'input_example.json',
        'model.json',
        'preprocess.json',
      ]),
    );
    const text = (path: string) =>
      client.downloadArtifact(uri, path).then((bytes) => new TextDecoder().decode(bytes));
    const mlmodel = await text('MLmodel');
    expect(mlmodel).toContain('loader_module: retem_pyfunc');
    expect(mlmodel).toMatch(/\n {2}onnx:\n {4}data: model\.onnx/);
    expect(mlmodel).toContain('retem_tfjs:');
    expect(mlmodel).toContain(`run_id: ${version.run_id}`);
    const spec = JSON.parse(
      readFileSync(join(modelDir, 'preprocess.json'), 'utf8'),
    ) as PreprocessSpec;
    // The signature names every raw column, typed AnyType so that int64 and NaN columns pass.
    const inputsJson = /\n {2}inputs: (".*")\n/.exec(mlmodel)?.[1] ?? '"[]"';
    const inputs = JSON.parse(JSON.parse(inputsJson) as string) as { name: string; type: string }[];
    expect(inputs.map((i) => i.name)).toEqual(spec.inputColumns.map((c) => c.name));
    expect(new Set(inputs.map((i) => i.type))).toEqual(new Set(['any']));
    const outputsJson = /\n {2}outputs: (".*")\n/.exec(mlmodel)?.[1] ?? '"[]"';
    const outputs = JSON.parse(JSON.parse(outputsJson) as string) as { name: string }[];
    expect(outputs.map((o) => o.name)).toEqual(['probability', 'decision', 'expected_value_brl']);
    // The loader checks its own input; MLflow's per-cell check of AnyType columns is skipped.
    expect(mlmodel).toMatch(/^is_signature_from_type_hint: true$/m);
    expect(JSON.parse(await text('serving_input_example.json'))).toEqual({
      inputs: expect.any(Array) as unknown,
    });
    expect(await text('requirements.txt')).toMatch(/^onnxruntime==\d/m);
    expect(await text('code/retem_pyfunc.py')).toContain('def _load_pyfunc(path)');
  });

  it('gives the same probabilities on onnxruntime-node (npm run score -- --engine onnx): |Δp| ≤ 1e-5, same decisions', () => {
    const out = join(work, 'onnx.csv');
    const scored = runCliScript('score', [
      '--model',
      modelDir,
      '--data',
      CUSTOMERS,
      '--out',
      out,
      '--engine',
      'onnx',
    ]);
    expect(scored.status, scored.stderr).toBe(0);
    expect(scored.stdout).toContain('75818 of 75818 rows scored');
    const viaOnnx = scoresById(out);
    expect(worstGap(reference, viaOnnx)).toBeLessThanOrEqual(1e-5);
    const differing = [...reference].filter(([id, r]) => viaOnnx.get(id)?.decision !== r.decision);
    expect(differing).toEqual([]);
  });

  it('pyfunc.load_model(...).predict on pandas.read_csv’s frame, and mlflow models serve, give npm run score’s probabilities', async () => {
    const port = await freePort();
    const ran = python(
      [
        resolve(ROOT, 'tests', 'tracking', 'mlflow_model_paths.py'),
        CHAMPION,
        CUSTOMERS,
        work,
        String(port),
      ],
      { MLFLOW_TRACKING_URI: server.uri },
      300_000,
    );
    expect(ran.status, ran.out).toBe(0);
    const pyfunc = readFileSync(join(work, 'pyfunc.csv'), 'utf8');
    // The frame kept its int64 columns and its ID column; probability is the first output.
    const firstRow = parseCsv(pyfunc)[1]?.fields ?? [];
    expect(firstRow[4]).toBe('probability');
    expect(Number(firstRow[5])).toBeGreaterThan(100);
    for (const file of ['pyfunc.csv', 'serve.csv']) {
      const scores = scoresById(join(work, file));
      expect(scores.size, file).toBe(75_818);
      expect(worstGap(reference, scores), file).toBeLessThanOrEqual(1e-5);
      expect(differingDecisions(reference, scores), file).toEqual([]);
    }
    const onnx = JSON.parse(readFileSync(join(work, 'onnx.json'), 'utf8')) as {
      opsets: Record<string, number>;
      inputs: Record<string, string>;
      outputs: string[];
    };
    expect(onnx.opsets['ai.onnx']).toBeGreaterThanOrEqual(17);
    expect(onnx.outputs).toEqual(['probability', 'decision']);
    const spec = JSON.parse(
      readFileSync(join(modelDir, 'preprocess.json'), 'utf8'),
    ) as PreprocessSpec;
    expect(Object.keys(onnx.inputs).sort()).toEqual(spec.inputColumns.map((c) => c.name).sort());
    expect(new Set(Object.values(onnx.inputs))).toEqual(new Set(['DOUBLE']));
  }, 400_000);

  it('the Spark job (spark_udf on local[2]) scores every customer as npm run score does', () => {
    const out = join(work, 'spark');
    const ran = python(
      [
        resolve(ROOT, 'training', 'exports', 'spark', 'score_portfolio.py'),
        '--model-uri',
        CHAMPION,
        '--data',
        CUSTOMERS,
        '--out',
        out,
      ],
      { MLFLOW_TRACKING_URI: server.uri },
      400_000,
    );
    expect(ran.status, ran.out).toBe(0);
    const part = readdirSync(out).find((f) => f.startsWith('part-') && f.endsWith('.csv'));
    if (part === undefined) throw new Error(`no part file in ${out}`);
    // The columns of npm run score's decisions file, and the same decisions and R$.
    expect(readFileSync(join(out, part), 'utf8').split('\n')[0]).toBe(
      'ID,probability,decision,expected_value_brl',
    );
    expect(ran.out).toMatch(/75818 customers scored in [\d.]+ s \([\d,]+ rows\/s\)/);
    const scores = scoresById(join(out, part));
    expect(scores.size).toBe(75_818);
    expect(worstGap(reference, scores)).toBeLessThanOrEqual(1e-5);
    expect(differingDecisions(reference, scores)).toEqual([]);
  }, 400_000);
});

describeWithData('a model with text columns and text IDs (Telco) as an MLflow model', () => {
  it('loads from its directory with pyfunc and matches npm run score, blanks and categories included', () => {
    const data = join(SHARED_DATA, 'telco', 'telco_customer_churn.csv.gz');
    const dir = join(work, 'telco');
    const trained = runCliScript('train', [
      '--data',
      data,
      '--id',
      'customerID',
      '--target',
      'Churn',
      '--out',
      dir,
      ...QUICK,
    ]);
    expect(trained.status, trained.stderr).toBe(0);
    const scored = runCliScript('score', [
      '--model',
      dir,
      '--data',
      data,
      '--out',
      join(work, 'telco-tfjs.csv'),
    ]);
    expect(scored.status, scored.stderr).toBe(0);
    const ran = python(
      [
        '-c',
        [
          'import sys, mlflow.pyfunc, pandas as pd',
          'frame = pd.read_csv(sys.argv[2])',
          'out = mlflow.pyfunc.load_model(sys.argv[1]).predict(frame)',
          'out.insert(0, "customerID", frame["customerID"])',
          'out.to_csv(sys.argv[3], index=False, float_format="%.9f")',
        ].join('\n'),
        dir,
        data,
        join(work, 'telco-pyfunc.csv'),
      ],
      {},
      120_000,
    );
    expect(ran.status, ran.out).toBe(0);
    const reference = scoresById(join(work, 'telco-tfjs.csv'));
    const viaPyfunc = scoresById(join(work, 'telco-pyfunc.csv'), 'customerID');
    expect(reference.size).toBe(7043);
    expect(worstGap(reference, viaPyfunc)).toBeLessThanOrEqual(1e-5);
  }, 300_000);

  it('the Spark job keeps text IDs as written and scores them as npm run score does', () => {
    const data = join(SHARED_DATA, 'telco', 'telco_customer_churn.csv.gz');
    const out = join(work, 'telco-spark');
    const ran = python(
      [
        resolve(ROOT, 'training', 'exports', 'spark', 'score_portfolio.py'),
        '--model-uri',
        join(work, 'telco'),
        '--data',
        data,
        '--out',
        out,
        '--id',
        'customerID',
      ],
      {},
      400_000,
    );
    expect(ran.status, ran.out).toBe(0);
    const part = readdirSync(out).find((f) => f.startsWith('part-') && f.endsWith('.csv'));
    if (part === undefined) throw new Error(`no part file in ${out}`);
    const reference = scoresById(join(work, 'telco-tfjs.csv'));
    const viaSpark = scoresById(join(out, part));
    expect(viaSpark.size).toBe(7043);
    expect([...viaSpark.keys()].sort()).toEqual([...reference.keys()].sort());
    expect(worstGap(reference, viaSpark)).toBeLessThanOrEqual(1e-5);
  }, 400_000);

  it('takes every input form predict may be given, and marks a row it cannot read instead of failing', () => {
    const dir = join(work, 'telco');
    const data = join(SHARED_DATA, 'telco', 'telco_customer_churn.csv.gz');
    const ran = python(
      [
        '-c',
        [
          'import sys, json, math, mlflow.pyfunc, pandas as pd',
          'model = mlflow.pyfunc.load_model(sys.argv[1])',
          'frame = pd.read_csv(sys.argv[2]).head(3)',
          'one = frame.iloc[0].to_dict()',
          'records = json.loads(frame.to_json(orient="records"))',
          'split = json.loads(frame.to_json(orient="split"))',
          'bad = frame.copy(); bad["MonthlyCharges"] = bad["MonthlyCharges"].astype(object); bad.loc[1, "MonthlyCharges"] = "abc"',
          'p = lambda out: [None if math.isnan(x) else round(float(x), 9) for x in out["probability"]]',
          'print(json.dumps({',
          '  "frame": p(model.predict(frame)),',
          '  "one": p(model.predict(one)),',
          '  "records": p(model.predict(records)),',
          '  "split": p(model.predict({k: split[k] for k in ("columns", "data")})),',
          '  "empty": list(model.predict(frame.head(0)).columns),',
          '  "bad": p(model.predict(bad)),',
          '  "badDecisions": [int(d) for d in model.predict(bad)["decision"]],',
          '}))',
        ].join('\n'),
        dir,
        data,
      ],
      {},
      120_000,
    );
    expect(ran.status, ran.out).toBe(0);
    const printed = ran.out.split('\n').find((line) => line.startsWith('{"frame"'));
    const forms = JSON.parse(printed ?? '{}') as Record<
      string,
      (number | null)[] | string[] | number[]
    >;
    const frame = forms.frame as number[];
    expect(frame).toHaveLength(3);
    expect(forms.one).toEqual(frame.slice(0, 1));
    expect(forms.records).toEqual(frame);
    expect(forms.split).toEqual(frame);
    expect(forms.empty).toEqual(['probability', 'decision', 'expected_value_brl']);
    expect(forms.bad).toEqual([frame[0], null, frame[2]]);
    expect((forms.badDecisions as number[])[1]).toBe(-1);
  }, 120_000);
});

describeWithData('a model with date columns (PowerCo) as an MLflow model', () => {
  const data = join(SHARED_DATA, 'powerco', 'powerco_churn.csv.gz');
  const dir = join(work, 'powerco');
  let reference: Map<string, ScoredRow>;

  beforeAll(() => {
    const trained = runCliScript('train', [
      ...['--data', data, '--id', 'id', '--target', 'churn', '--out', dir],
      ...QUICK,
    ]);
    expect(trained.status, trained.stderr).toBe(0);
    const scored = runCliScript('score', [
      ...['--model', dir, '--data', data, '--out', join(work, 'powerco-tfjs.csv')],
    ]);
    expect(scored.status, scored.stderr).toBe(0);
    reference = scoresById(join(work, 'powerco-tfjs.csv'));
    expect(reference.size).toBe(16_096);
  }, 300_000);

  it('reads the dates as days to the training file’s latest date, in the spec and in the ONNX engine', () => {
    const spec = JSON.parse(readFileSync(join(dir, 'preprocess.json'), 'utf8')) as PreprocessSpec;
    expect(spec.inputColumns.filter((c) => c.date !== undefined).map((c) => c.name)).toEqual([
      'date_activ',
      'date_end',
      'date_first_activ',
      'date_modif_prod',
      'date_renewal',
    ]);
    expect(new Set(spec.inputColumns.map((c) => c.date?.format).filter(Boolean))).toEqual(
      new Set(['dd/mm/yyyy']),
    );
    const onnx = runCliScript('score', [
      ...['--model', dir, '--data', data, '--out', join(work, 'powerco-onnx.csv')],
      ...['--engine', 'onnx'],
    ]);
    expect(onnx.status, onnx.stderr).toBe(0);
    expect(worstGap(reference, scoresById(join(work, 'powerco-onnx.csv')))).toBeLessThanOrEqual(
      1e-5,
    );
  }, 120_000);

  it('scores through pyfunc from date text and from dates pandas parsed, as npm run score does', () => {
    const ran = python(
      [
        '-c',
        [
          'import sys, mlflow.pyfunc, pandas as pd',
          'model = mlflow.pyfunc.load_model(sys.argv[1])',
          'frame = pd.read_csv(sys.argv[2])',
          'dates = [c for c in frame.columns if c.startswith("date_")]',
          'parsed = pd.read_csv(sys.argv[2], parse_dates=dates, dayfirst=True)',
          'for name, source in (("text", frame), ("parsed", parsed)):',
          '    out = model.predict(source)',
          '    out.insert(0, "id", frame["id"])',
          '    out.to_csv(f"{sys.argv[3]}-{name}.csv", index=False, float_format="%.9f")',
          'bad = frame.head(3).copy(); bad.loc[1, "date_activ"] = "2016-01-31"',
          'print("decisions", list(model.predict(bad)["decision"]))',
        ].join('\n'),
        dir,
        data,
        join(work, 'powerco-pyfunc'),
      ],
      {},
      120_000,
    );
    expect(ran.status, ran.out).toBe(0);
    for (const form of ['text', 'parsed']) {
      const viaPyfunc = scoresById(join(work, `powerco-pyfunc-${form}.csv`), 'id');
      expect(worstGap(reference, viaPyfunc), form).toBeLessThanOrEqual(1e-5);
    }
    // A date written in another format is no date here: the row gets no decision.
    expect(ran.out).toMatch(/decisions \[\d, -1, \d\]/);
  }, 120_000);

  it('the Spark job reads the dates as text and scores them as npm run score does', () => {
    const out = join(work, 'powerco-spark');
    const ran = python(
      [
        resolve(ROOT, 'training', 'exports', 'spark', 'score_portfolio.py'),
        ...['--model-uri', dir, '--data', data, '--out', out, '--id', 'id'],
      ],
      {},
      400_000,
    );
    expect(ran.status, ran.out).toBe(0);
    const part = readdirSync(out).find((f) => f.startsWith('part-') && f.endsWith('.csv'));
    if (part === undefined) throw new Error(`no part file in ${out}`);
    const viaSpark = scoresById(join(out, part));
    expect(viaSpark.size).toBe(16_096);
    expect(worstGap(reference, viaSpark)).toBeLessThanOrEqual(1e-5);
    expect(differingDecisions(reference, viaSpark)).toEqual([]);
  }, 400_000);
});
