/** The payoff flags shared by train and score. */
import { DEFAULT_PAYOFFS, type Payoffs } from '../../src/core/decision';
import { numberFlag, type FlagSpec } from './cliArgs';

export const PAYOFF_FLAGS = {
  tp: {
    type: 'string',
    help: 'R$ earned per churner contacted (true positive)',
    default: String(DEFAULT_PAYOFFS.tp),
  },
  fp: {
    type: 'string',
    help: 'R$ per non-churner contacted (false positive)',
    default: String(DEFAULT_PAYOFFS.fp),
  },
  fn: {
    type: 'string',
    help: 'R$ per churner not contacted (false negative)',
    default: String(DEFAULT_PAYOFFS.fn),
  },
  tn: {
    type: 'string',
    help: 'R$ per non-churner left alone (true negative)',
    default: String(DEFAULT_PAYOFFS.tn),
  },
} as const satisfies Record<string, FlagSpec>;

/** Reads the four payoff flags. */
export function payoffsFrom(values: {
  tp: string | undefined;
  fp: string | undefined;
  fn: string | undefined;
  tn: string | undefined;
}): Payoffs {
  return {
    tp: numberFlag('tp', values.tp),
    fp: numberFlag('fp', values.fp),
    fn: numberFlag('fn', values.fn),
    tn: numberFlag('tn', values.tn),
  };
}
