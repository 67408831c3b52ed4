/**
 * What the analyst sets, beside the answer: the payoffs (gains and costs typed as positive
 * amounts, a mistyped matrix flagged), a capacity, and the threshold (slider and box; by hand, or
 * core's recommended rule). The threshold shown is always the one applied, capacity included.
 */
import { payoffProblems, type Payoffs } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { useDecisionRule } from './useDecisionRule';
import { NumberField } from '../../shared/ui/NumberField';

/** Each payoff's box: the payoff as typed (a cost is the negative of its payoff) and its bounds. */
const PAYOFF_BOXES: readonly { key: keyof Payoffs; isCost: boolean }[] = [
  { key: 'tp', isCost: false },
  { key: 'fp', isCost: true },
  { key: 'fn', isCost: true },
  { key: 'tn', isCost: false },
];

/** 0 − x: a cost's box shows 10 for a payoff of −10, and 0 (not −0) for 0. */
const negated = (value: number) => 0 - value;

export function DecisionControls() {
  const t = useT();
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const hand = useAppStore((s) => s.handThreshold);
  const setHandThreshold = useAppStore((s) => s.setHandThreshold);
  const setPayoff = useAppStore((s) => s.setPayoff);
  const setCapacity = useAppStore((s) => s.setCapacity);
  const rule = useDecisionRule();
  const valueColumn = useAppStore((s) =>
    s.snapshot?.values != null ? s.snapshot.valueColumn : null,
  );
  const rankByValue = useAppStore((s) => s.rankByValue);
  const setRankByValue = useAppStore((s) => s.setRankByValue);
  const valueShare = useAppStore((s) => s.valueShare);
  const setValueShare = useAppStore((s) => s.setValueShare);
  const byValue = valueColumn !== null && rankByValue;
  const shownThreshold = Math.min(rule.threshold, 1);
  const problems = payoffProblems(payoffs);

  return (
    <div className="decision-controls">
      <fieldset>
        <legend>{t('payoffs')}</legend>
        {PAYOFF_BOXES.map(({ key, isCost }) => (
          <NumberField
            key={key}
            label={t(`payoff_${key}`)}
            value={isCost ? negated(payoffs[key]) : payoffs[key]}
            digits={2}
            rule={isCost ? { minimum: 0 } : {}}
            isCost={isCost}
            onCommit={(value) => {
              if (value !== null) setPayoff(key, isCost ? negated(value) : value);
            }}
            testId={`payoff-${key}`}
          />
        ))}
        {problems.map((problem) => (
          <p key={problem.code} className="message" role="status">
            {t(`payoffProblem_${problem.code}`)}
          </p>
        ))}
      </fieldset>
      {valueColumn !== null && (
        <fieldset>
          <legend>
            <label>
              <input
                type="checkbox"
                checked={rankByValue}
                onChange={(e) => {
                  setRankByValue(e.target.checked);
                }}
              />
              {t('rankByValue', { column: valueColumn })}
            </label>
          </legend>
          <NumberField
            label={t('valueShareBox')}
            value={100 * valueShare.share}
            digits={2}
            rule={{ minimum: 0 }}
            disabled={!rankByValue}
            onCommit={(value) => {
              if (value !== null) setValueShare({ ...valueShare, share: value / 100 });
            }}
            testId="value-share"
          />
          <NumberField
            label={t('valueCapBox')}
            value={valueShare.cap}
            digits={2}
            rule={{ minimum: 0 }}
            emptyIsNull
            disabled={!rankByValue}
            onCommit={(value) => {
              setValueShare({ ...valueShare, cap: value });
            }}
            testId="value-cap"
          />
        </fieldset>
      )}
      <NumberField
        label={t('capacity')}
        value={capacity}
        digits={0}
        rule={{ minimum: 0, whole: true }}
        emptyIsNull
        onCommit={setCapacity}
        testId="capacity-box"
      />
      {!byValue && (
        <>
          <label className="slider">
            {t('threshold')}
            <input
              type="range"
              min={0}
              max={1}
              step={0.001}
              value={shownThreshold}
              onChange={(e) => {
                setHandThreshold(Number(e.target.value));
              }}
            />
          </label>
          <NumberField
            label={`${t('threshold')} (0–1)`}
            value={shownThreshold}
            digits={6}
            rule={{ minimum: 0, maximum: 1 }}
            emptyIsNull
            onCommit={setHandThreshold}
            testId="threshold-box"
          />
          {hand !== null && (
            <button
              type="button"
              onClick={() => {
                setHandThreshold(null);
              }}
            >
              {t('followRule')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
