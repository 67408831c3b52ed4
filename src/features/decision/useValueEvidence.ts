/** The evaluation rows' evidence for ranking by value (core's valueEvidenceOnTest), or null without test values. */
import { useMemo } from 'react';
import { valueEvidenceOnTest, type ValueEvidence } from '../../core/decision';
import { useAppStore } from '../../shared/context';
import { useOutOfSampleRows } from '../inference/useOutOfSampleRows';

export function useValueEvidence(): ValueEvidence | null {
  const rows = useOutOfSampleRows();
  const payoffs = useAppStore((s) => s.payoffs);
  const share = useAppStore((s) => s.valueShare);
  return useMemo(() => {
    const values = rows?.values;
    if (rows === null || values === undefined) return null;
    return valueEvidenceOnTest(rows.scores, rows.labels, values, payoffs, share);
  }, [rows, payoffs, share]);
}
