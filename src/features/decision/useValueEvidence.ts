/** The evaluation rows' evidence for ranking by value (core's valueEvidenceOnTest), or null without test values. */
import { useMemo } from 'react';
import { valueEvidenceOnTest, type ValueEvidence } from '../../core/decision';
import { useAppStore } from '../../shared/context';

export function useValueEvidence(): ValueEvidence | null {
  const metrics = useAppStore((s) => s.metrics);
  const payoffs = useAppStore((s) => s.payoffs);
  const share = useAppStore((s) => s.valueShare);
  return useMemo(() => {
    const values = metrics?.outOfSample.values;
    if (metrics === null || values === undefined) return null;
    const { scores, labels } = metrics.outOfSample;
    return valueEvidenceOnTest(scores, labels, values, payoffs, share);
  }, [metrics, payoffs, share]);
}
