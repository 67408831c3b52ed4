/** The value rule in words: whom it contacts, the benefit of retaining each customer, a capacity. */
import { useAppStore, useT } from '../../shared/context';
import { formatMoney, formatNumber, formatPercent } from '../../shared/i18n';

export function ValueRuleSentence(props: { readonly testId?: string }) {
  const t = useT();
  const language = useAppStore((s) => s.language);
  const rule = useAppStore((s) => s.valueShare);
  const column = useAppStore((s) => s.snapshot?.valueColumn ?? '');
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  return (
    <p className="rule" data-testid={props.testId} data-basis="value">
      {t('rule_value', {
        share: formatPercent(language, rule.share, 0),
        column,
        flat: formatMoney(language, payoffs.tp),
      })}
      {rule.cap !== null && ` ${t('rule_valueCap', { cap: formatMoney(language, rule.cap) })}`}
      {capacity !== null &&
        ` ${t('rule_valueCapacity', { capacity: formatNumber(language, capacity) })}`}
    </p>
  );
}
