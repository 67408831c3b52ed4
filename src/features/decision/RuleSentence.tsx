/** The rule in force in words: its basis and threshold, and what a capacity did to it. */
import { CONTACT_NOBODY, expectedGainThreshold } from '../../core/decision';
import { useAppStore, useT } from '../../shared/context';
import { formatNumber } from '../../shared/i18n';
import { useDecisionRule } from './useDecisionRule';

export function RuleSentence(props: { readonly testId?: string }) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const hand = useAppStore((s) => s.handThreshold);
  const rule = useDecisionRule();
  // The basis's own threshold, before any capacity raised it.
  const own = hand ?? expectedGainThreshold(payoffs);
  const threshold4 = (value: number) => formatNumber(language, Math.min(value, 1), 4);
  return (
    <p className="rule" data-testid={props.testId} data-basis={rule.basis}>
      {own >= CONTACT_NOBODY
        ? t('rule_nobody')
        : t(`rule_${rule.basis}`, { threshold: threshold4(own) })}
      {rule.limitedByCapacity &&
        ' ' +
          (rule.contacted === 0
            ? t('ruleCapacityNobody', { capacity: formatNumber(language, capacity ?? 0) })
            : t('ruleCapacity', {
                capacity: formatNumber(language, capacity ?? 0),
                from: threshold4(own),
                threshold: threshold4(rule.threshold),
                contacted: formatNumber(language, rule.contacted),
              }))}
    </p>
  );
}
