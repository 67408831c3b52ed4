/**
 * The portfolio's answer under the rule in force: how many to contact, the expected profit and its
 * 90% interval, and the curve over the number contacted. By probability with the flat payoffs
 * (core's threshold rule), or, when the portfolio has each customer's value and the analyst ranks
 * by it, by each customer's expected gain (core's ValueRanking).
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import {
  applyDecisionRule,
  ValueRanking,
  type AppliedRule,
  type Payoffs,
  type ValueShare,
} from '../../core/decision';
import { useAppStore } from '../../shared/context';

export interface PortfolioAnswerFigures {
  /** Ranked by each customer's value (true) or by probability. */
  readonly byValue: boolean;
  /** The value ranking, when by value. */
  readonly ranking: ValueRanking | null;
  readonly contacted: number;
  /** R$ expected over the whole portfolio. */
  readonly expectedProfit: number;
  readonly interval: readonly [number, number];
  /** Expected profit (R$) against customers contacted, in the rule's order. */
  readonly data: uPlot.AlignedData;
  /** The best cut within the capacity, and with none. */
  readonly best: { readonly contacted: number; readonly expectedProfit: number };
  readonly unlimited: { readonly contacted: number; readonly expectedProfit: number };
}

/** The last ranking built, so that every view of the same inputs shares one sort. */
let lastRanking: {
  readonly probabilities: Float32Array;
  readonly values: Float64Array;
  readonly payoffs: Payoffs;
  readonly share: ValueShare;
  readonly ranking: ValueRanking;
} | null = null;

/** The value ranking of these arrays under these payoffs and share (one sort per change). */
function valueRankingOf(
  probabilities: Float32Array,
  values: Float64Array,
  payoffs: Payoffs,
  share: ValueShare,
): ValueRanking {
  const last = lastRanking;
  if (
    last !== null &&
    last.probabilities === probabilities &&
    last.values === values &&
    last.payoffs === payoffs &&
    last.share === share
  ) {
    return last.ranking;
  }
  const ranking = new ValueRanking(probabilities, values, payoffs, share);
  lastRanking = { probabilities, values, payoffs, share, ranking };
  return ranking;
}

/** Null without a portfolio. `rule` is the threshold rule in force (used when not by value). */
export function usePortfolioAnswer(rule: AppliedRule): PortfolioAnswerFigures | null {
  const snapshot = useAppStore((s) => s.snapshot);
  const payoffs = useAppStore((s) => s.payoffs);
  const capacity = useAppStore((s) => s.capacity);
  const rankByValue = useAppStore((s) => s.rankByValue);
  const valueShare = useAppStore((s) => s.valueShare);
  const ranking = useMemo(
    () =>
      snapshot?.values == null || !rankByValue
        ? null
        : valueRankingOf(snapshot.probabilities, snapshot.values, payoffs, valueShare),
    [snapshot, rankByValue, payoffs, valueShare],
  );
  const flatCurve = useMemo(() => {
    if (snapshot === null || ranking !== null) return null;
    const points = snapshot.curve.points(payoffs, 600);
    return {
      data: [points.contacted, points.profit] as uPlot.AlignedData,
      best: applyDecisionRule(snapshot.curve, payoffs, capacity, null),
      unlimited: applyDecisionRule(snapshot.curve, payoffs, null, null),
    };
  }, [snapshot, ranking, payoffs, capacity]);
  const valueCurve = useMemo(() => {
    if (ranking === null) return null;
    const points = ranking.points(600);
    return {
      data: [points.contacted, points.profit] as uPlot.AlignedData,
      best: ranking.best(capacity),
      unlimited: ranking.best(null),
    };
  }, [ranking, capacity]);
  if (snapshot === null) return null;
  if (ranking !== null && valueCurve !== null) {
    return {
      byValue: true,
      ranking,
      contacted: valueCurve.best.contacted,
      expectedProfit: valueCurve.best.expectedProfit,
      interval: ranking.profitInterval(valueCurve.best.contacted),
      ...valueCurve,
    };
  }
  if (flatCurve === null) return null;
  return {
    byValue: false,
    ranking: null,
    contacted: rule.contacted,
    expectedProfit: rule.expectedProfit,
    interval: snapshot.curve.profitInterval(rule.contacted, payoffs, 0.9),
    ...flatCurve,
  };
}
