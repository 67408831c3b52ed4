/**
 * An uncertain churner value: a range read as uniform, the expected profit at the threshold under
 * it, and the expected maximum profit (EMPC) over every threshold.
 */
import { useMemo } from 'react';
import { expectedMaximumProfit, expectedProfitAt } from '../../core/decision';
import { Explained } from '../../shared/ui/Explained';
import { useAppStore, useT } from '../../shared/context';
import { formatMoney } from '../../shared/i18n';
import { NumberField } from '../../shared/ui/NumberField';

export function UncertainValue({ threshold }: { readonly threshold: number }) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const evaluation = useAppStore((s) => s.evaluation);
  const payoffs = useAppStore((s) => s.payoffs);
  const shares = useAppStore((s) => s.churnerValueShares);
  const setShares = useAppStore((s) => s.setChurnerValueShares);
  // The uncertain value follows the TP payoff: the range is kept as multiples of it.
  const valueRange = useMemo(
    () => [shares[0] * payoffs.tp, shares[1] * payoffs.tp] as [number, number],
    [shares, payoffs.tp],
  );
  // EMPC does not depend on the threshold: recomputed only with the payoffs or the range.
  const empc = useMemo(
    () => (evaluation === null ? null : expectedMaximumProfit(evaluation, payoffs, valueRange)),
    [evaluation, payoffs, valueRange],
  );
  if (evaluation === null) return null;
  const uncertainAt = expectedProfitAt(evaluation, payoffs, valueRange, threshold);
  return (
    <fieldset className="uncertain-value">
      <legend>{t('uncertainValue')}</legend>
      {([0, 1] as const).map((end) => (
        <NumberField
          key={end}
          label={t(end === 0 ? 'valueFrom' : 'valueTo')}
          value={payoffs.tp > 0 ? valueRange[end] : null}
          digits={2}
          disabled={!(payoffs.tp > 0)}
          onCommit={(value) => {
            if (value === null || !(payoffs.tp > 0)) return;
            const share = value / payoffs.tp;
            setShares(end === 0 ? [share, shares[1]] : [shares[0], share]);
          }}
        />
      ))}
      {!(payoffs.tp > 0) && <p className="note">{t('valueNeedsGain')}</p>}
      <dl className="figures">
        <div>
          <dt>{t('expectedAtThreshold')}</dt>
          <dd data-testid="uncertain-expected" data-value={uncertainAt}>
            {formatMoney(language, uncertainAt)}
          </dd>
        </div>
        <div>
          <dt>{t('empc')}</dt>
          <dd data-testid="empc" data-value={empc?.expectedMaximum ?? Number.NaN}>
            {formatMoney(language, empc?.expectedMaximum ?? Number.NaN)}
          </dd>
        </div>
      </dl>
      <Explained>
        <p>{t('empcNote')}</p>
      </Explained>
    </fieldset>
  );
}
