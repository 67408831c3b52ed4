/**
 * What `npm run build` and `npm start` do about public/snapshot: keep a portfolio built for the
 * model, rebuild the demo's for the demo model, and otherwise stop with one line saying what is
 * wrong and how to fix it, without writing the demo's customers over a bank's portfolio.
 */
import { describe, expect, it } from 'vitest';
import { portfolioPlan, type PortfolioState } from '../../training/lib/demoPortfolio';

const bankModel: PortfolioState = {
  snapshotFiles: ['customers.snapshot'],
  manifest: 'absent',
  modelSchemaHash: 'a1b2c3d4e5f6a7b8c9d0',
  modelIsDemo: false,
};

describe('the portfolio a build ships', () => {
  it('keeps a portfolio whose manifest names the model’s schema, whichever model it is', () => {
    const manifest = { schemaHash: bankModel.modelSchemaHash };
    expect(portfolioPlan({ ...bankModel, manifest })).toEqual({ action: 'keep' });
    expect(portfolioPlan({ ...bankModel, manifest, modelIsDemo: true })).toEqual({
      action: 'keep',
    });
  });

  it('rebuilds the demo’s portfolio for the demo model', () => {
    expect(portfolioPlan({ ...bankModel, modelIsDemo: true })).toEqual({ action: 'build-demo' });
    expect(
      portfolioPlan({ ...bankModel, modelIsDemo: true, manifest: { schemaHash: 'old' } }),
    ).toEqual({ action: 'build-demo' });
  });

  it('stops, saying why and how to fix it, when a bank’s model has no portfolio built for it', () => {
    const messages = [
      portfolioPlan(bankModel),
      portfolioPlan({ ...bankModel, snapshotFiles: [] }),
      portfolioPlan({ ...bankModel, manifest: 'unreadable' }),
      portfolioPlan({ ...bankModel, manifest: { schemaHash: 'ffffffffffffffffffff' } }),
    ].map((plan) => (plan.action === 'refuse' ? plan.message : plan.action));
    expect(messages.map((m) => m.split('. Build it with')[0])).toEqual([
      'public/snapshot holds customers but no manifest (customers.snapshot.json)',
      'public/model is not the demo model, and public/snapshot holds no portfolio for it',
      'public/snapshot/customers.snapshot.json is not a portfolio manifest this version reads',
      "the portfolio in public/snapshot was built for another model (schema ffffffffffff…; public/model's is a1b2c3d4e5f6…)",
    ]);
    for (const message of messages) {
      expect(message).toContain(
        '`npm run snapshot -- --model public/model --data <customers.csv> --out public/snapshot/customers.snapshot`',
      );
      expect(message).toContain('`RETEM_PORTFOLIO=none npm run build`');
      expect(message).not.toContain('\n');
    }
  });
});
