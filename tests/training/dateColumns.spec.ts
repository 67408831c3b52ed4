/**
 * A churn file with date columns (PowerCo's five, written dd/mm/yyyy), from `npm run train` to the
 * app's engine: the dates read as days to the training file's latest date by every reader.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { PreprocessSpec } from '../../src/core/preprocess';
import { parseCsv } from '../../src/core/records/csv';
import { engineOf, snapshotScoredAsCli } from '../support/appEngineParity';
import { recipeFlags, runCliScript } from '../support/cli';
import { hasSharedData, SHARED_DATA } from '../support/paths';

const work = mkdtempSync(join(tmpdir(), 'retem-dates-'));
const QUICK = recipeFlags({ towers: 2, epochs: 12, patience: 4 });

describe.runIf(hasSharedData())(
  'a file with date columns (PowerCo) from training to the app',
  () => {
    it('scores its dates in the app as the CLI does, and shows a date column’s value as the date', async () => {
      const data = resolve(SHARED_DATA, 'powerco', 'powerco_churn.csv.gz');
      const model = join(work, 'powerco');
      const trained = runCliScript('train', [
        ...['--data', data, '--out', model, '--id', 'id', '--target', 'churn'],
        ...QUICK,
      ]);
      expect(trained.status, trained.stderr).toBe(0);
      const spec = JSON.parse(
        readFileSync(join(model, 'preprocess.json'), 'utf8'),
      ) as PreprocessSpec;
      const activ = spec.inputColumns.find((c) => c.name === 'date_activ');
      expect(activ?.date).toEqual({ format: 'dd/mm/yyyy', reference: '2017-06-13' });
      expect(readFileSync(join(model, 'MODEL_CARD.md'), 'utf8')).toContain(
        "- 5 date columns (date_activ, date_end, date_first_activ, date_modif_prod, date_renewal; written dd/mm/yyyy) read as the days from each date to 2017-06-13, the training file's latest date",
      );
      const out = join(work, 'powerco-scores.csv');
      const scored = runCliScript('score', ['--model', model, '--data', data, '--out', out]);
      expect(scored.stdout).toContain('16096 of 16096 rows scored');
      const snapshot = await snapshotScoredAsCli(model, data, out);
      expect(snapshot.worstSparse).toBeLessThanOrEqual(1e-6);
      expect(snapshot.worstDense).toBeLessThanOrEqual(1e-6);
      // The first customer's date_activ, 07/11/2012, as the lookup's contributions show it.
      const engine = await engineOf(model);
      const [header, first] = parseCsv(
        gunzipSync(readFileSync(data)).toString('utf8').slice(0, 4000),
      );
      const names = header?.fields ?? [];
      const values = new Float64Array(engine.columns.length);
      const reference = Date.parse(activ?.date?.reference ?? '') / 86_400_000;
      engine.columns.forEach((name, c) => {
        if (name !== 'date_activ') values[c] = Number.NaN;
        else values[c] = reference - Date.UTC(2012, 10, 7) / 86_400_000;
      });
      expect(first?.fields[names.indexOf('date_activ')]).toBe('07/11/2012');
      const shown = engine
        .contributions(values, undefined, 1000)
        .find((c) => c.column === 'date_activ');
      expect(shown?.value).toBe('07/11/2012');
      // It trains on all 16,096 real rows: about 64 s on a quiet 2-core machine, over 120 s when
      // other specs train beside it.
    }, 300_000);
  },
);
