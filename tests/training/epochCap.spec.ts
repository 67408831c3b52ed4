import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING, epochCap } from '../../training/lib/pipeline';

const steps = { maxSteps: 6000, maxEpochs: null, batchSize: 512 };

describe("a tower's epoch cap, from a budget of optimizer steps", () => {
  it('lets a small file train for as many epochs as the steps allow', () => {
    // 2,266 rows in batches of 512: 5 steps an epoch, 1,200 epochs for 6,000 steps.
    expect(epochCap(steps, 2266)).toBe(1200);
    // 41,385 rows: 81 steps an epoch, 75 epochs (⌈6,000 / 81⌉).
    expect(epochCap(steps, 41_385)).toBe(75);
  });

  it('keeps at least one epoch, and a hard cap when one is set', () => {
    expect(epochCap(steps, 10_000_000)).toBe(1);
    expect(epochCap({ ...steps, maxEpochs: 12 }, 2266)).toBe(12);
    expect(epochCap({ ...steps, maxEpochs: 500 }, 41_385)).toBe(75);
    expect(epochCap(steps, 0)).toBe(6000);
  });

  it('is by steps in the default training', () => {
    expect(DEFAULT_TRAINING.maxEpochs).toBeNull();
    expect(DEFAULT_TRAINING.maxSteps).toBe(6000);
  });
});
