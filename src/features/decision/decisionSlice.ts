/** The decision rule's inputs: a threshold set by hand, the payoffs, a capacity, a churner's value. */
import {
  applyDecisionRule,
  DEFAULT_PAYOFFS,
  ExpectedProfitCurve,
  WHOLE_VALUE,
  type ValueShare,
  type AppliedRule,
  type Payoffs,
} from '../../core/decision';
import type { AppState, SliceCreator } from '../../shared/appState';
import type { SessionSlice } from '../inference/sessionSlice';

declare module '../../shared/appState' {
  interface AppState extends DecisionSlice {}
}

export interface DecisionSlice {
  /** A threshold the analyst set by hand; null follows core's expected-gain rule. */
  handThreshold: number | null;
  payoffs: Payoffs;
  capacity: number | null;
  /**
   * The value of a retained churner when uncertain: a range read as uniform, kept as multiples of
   * the TP payoff, so that it follows TP (R$ 60–120 for TP = R$ 90).
   */
  churnerValueShares: [number, number];
  /**
   * With a portfolio that has each customer's value: rank by it (contact where the expected gain,
   * with each customer's own benefit, is positive) or by probability with the flat payoffs.
   */
  rankByValue: boolean;
  /** How a customer's value becomes the benefit of retaining them: a share, and a cap. */
  valueShare: ValueShare;
  /** Sets a threshold by hand (clamped to [0, 1]), or null to follow the rule again. */
  setHandThreshold: (value: number | null) => void;
  setPayoff: (key: keyof Payoffs, value: number) => void;
  setCapacity: (value: number | null) => void;
  setChurnerValueShares: (shares: [number, number]) => void;
  setRankByValue: (byValue: boolean) => void;
  setValueShare: (rule: ValueShare) => void;
}

export const createDecisionSlice: SliceCreator<DecisionSlice> = (set) => ({
  handThreshold: null,
  payoffs: DEFAULT_PAYOFFS,
  capacity: null,
  churnerValueShares: [2 / 3, 4 / 3],
  rankByValue: true,
  valueShare: WHOLE_VALUE,
  setRankByValue: (byValue) => {
    set({ rankByValue: byValue });
  },
  setValueShare: (rule) => {
    set({ valueShare: rule });
  },
  setHandThreshold: (value) => {
    set({ handThreshold: value === null ? null : Math.min(Math.max(value, 0), 1) });
  },
  setPayoff: (key, value) => {
    set((state) => ({ payoffs: { ...state.payoffs, [key]: value } }));
  },
  setChurnerValueShares: (shares) => {
    set({ churnerValueShares: shares });
  },
  setCapacity: (value) => {
    set({ capacity: value });
  },
});

const NO_PORTFOLIO = new ExpectedProfitCurve([]);

/** The rule in force (core's): the expected-gain or hand-set threshold, within the capacity. */
export function decisionRuleOf(
  state: Pick<AppState, 'handThreshold' | 'payoffs' | 'capacity'> & Pick<SessionSlice, 'snapshot'>,
): AppliedRule {
  return applyDecisionRule(
    state.snapshot?.curve ?? NO_PORTFOLIO,
    state.payoffs,
    state.capacity,
    state.handThreshold,
  );
}
