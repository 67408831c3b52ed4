/**
 * The build's last line tells the demo from a bank's own model: an analyst who installed their
 * model in public/model must not read "Demo ready".
 */
import { describe, expect, it } from 'vitest';
import { builtFilesLine } from '../../training/lib/buildSummary';

describe('the line the build ends with', () => {
  it('calls the twin-trained model the demo, with its portfolio', () => {
    expect(
      builtFilesLine({
        seconds: 41.6,
        modelIsDemo: true,
        trainedOn: 'train.csv',
        portfolio: 'public/snapshot/customers.snapshot',
      }),
    ).toBe(
      'Demo ready in 42 s: the demo model, trained on the twin customers, in public/model; public/snapshot/customers.snapshot.',
    );
  });

  it('names the file a bank’s own model was trained on, and never says demo ready', () => {
    const line = builtFilesLine({
      seconds: 3,
      modelIsDemo: false,
      trainedOn: 'powerco_churn.csv.gz',
      portfolio: null,
    });
    expect(line).toBe(
      'App files ready in 3 s: public/model holds a model trained on powerco_churn.csv.gz, not the demo; no portfolio (the analyst opens one from disk).',
    );
    expect(line).not.toMatch(/Demo ready/);
  });
});
