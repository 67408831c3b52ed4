/** The decision rule in force, as a hook for any view that decides. */
import { useMemo } from 'react';
import type { AppliedRule } from '../../core/decision';
import { useAppStore } from '../../shared/context';
import { decisionRuleOf } from './decisionSlice';

/** The rule in force: its threshold, basis, capacity limit and portfolio figures. */
export function useDecisionRule(): AppliedRule {
  const handThreshold = useAppStore((s) => s.handThreshold);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const snapshot = useAppStore((s) => s.snapshot);
  return useMemo(
    () => decisionRuleOf({ handThreshold, payoffs, capacity, snapshot }),
    [handThreshold, payoffs, capacity, snapshot],
  );
}
