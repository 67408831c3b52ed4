/**
 * Publishing never ships a model trained on the Santander competition's data: its files' text
 * hashes, as training computes them, are the ones the guard knows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPETITION_DATA_HASHES, publishProblem } from '../../training/lib/publishGuard';
import { streamCsvFile } from '../../training/lib/csvFile';
import { hasSharedData, SHARED_DATA } from '../support/paths';

describe('which models may be published', () => {
  it('refuses a model trained on the competition files and accepts one trained on the twin', () => {
    expect(publishProblem({ data: { hash: '6fcd53c1fa22c296' } } as never)).toEqual({
      code: 'competition-data',
      dataset: 'Santander Customer Satisfaction, train.csv',
    });
    expect(publishProblem({ data: { hash: 'a6feb34046d459a1' } } as never)).toBeNull();
  });

  it.runIf(hasSharedData())(
    'knows the competition files by the hash training gives them',
    async () => {
      for (const file of ['train.csv.gz', 'test.csv.gz']) {
        const { textHash } = await streamCsvFile(join(SHARED_DATA, 'santander', file), {
          onHeader: () => undefined,
          onRecord: () => undefined,
        });
        expect(COMPETITION_DATA_HASHES[textHash], file).toMatch(/^Santander Customer Satisfaction/);
      }
    },
  );
});
