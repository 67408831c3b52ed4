/**
 * The suite's figures for one file: each model's CV ROC AUC, log loss and profit by the rule its
 * user gets, averaged over Retém's runs (one per training seed) and each run's repeats, the anchors
 * on the same repeats with the same weights; and Retém against the best anchor by a paired
 * bootstrap over customers on the same repeat, averaged over Retém's runs.
 */
import {
  chooseThreshold,
  DEFAULT_PAYOFFS,
  pairedProfitDifference,
  profitOfContacts,
} from '../../../../src/core/decision';
import { logLoss, rocAuc } from '../../../../src/core/metrics';
import type { AnchorScores } from './suiteAnchors';
import { foldRows, SUITE_FOLD_SEED, type SuiteFile } from './suiteData';
import type { RetemScores } from './suiteRetem';

const payoffs = DEFAULT_PAYOFFS;

export interface ModelFigures {
  readonly model: string;
  readonly auc: number;
  readonly logLoss: number;
  /** R$ over the whole file, by the model's own rule, mean over Retém's runs' repeats. */
  readonly profit: number;
  readonly contacted: number;
  /** R$ when each fold's threshold is chosen on the other folds' out-of-fold scores. */
  readonly profitCvThreshold: number;
}

export interface FileFigures {
  readonly set: string;
  readonly rows: number;
  readonly churnRate: number;
  readonly repeats: number;
  readonly seeds: readonly number[];
  readonly retem: ModelFigures;
  /** Retém's figures seed by seed. */
  readonly retemBySeed: readonly ModelFigures[];
  readonly anchors: readonly ModelFigures[];
  readonly bestProfit: string;
  readonly bestAuc: string;
  readonly bestLogLoss: string;
  /** Retém's profit ÷ the best anchor's. */
  readonly profitRatio: number;
  /** P(Retém earns more than the best anchor), paired bootstrap on the same repeat, mean over Retém's runs. */
  readonly probabilityRetemWins: number;
  readonly aucGap: number;
  readonly logLossRatio: number;
  /** Retém's rank by profit among the four models (1 = best). */
  readonly rank: number;
  readonly trainSecondsMean: number;
}

/** Fold f's contacts at a threshold chosen on the other folds' out-of-fold scores (profit-optimal). */
export function cvThresholdContacts(
  scores: Float64Array,
  labels: Uint8Array,
  folds: Uint8Array,
): Uint8Array {
  const contacts = new Uint8Array(scores.length);
  for (let fold = 0; fold < Math.max(...folds) + 1; fold++) {
    const others = foldRows(folds, fold, false);
    const { threshold } = chooseThreshold(
      Float64Array.from(others, (row) => scores[row] ?? 0),
      Uint8Array.from(others, (row) => labels[row] ?? 0),
      payoffs,
      { seed: SUITE_FOLD_SEED },
    );
    for (const row of foldRows(folds, fold, true))
      contacts[row] = (scores[row] ?? 0) >= threshold ? 1 : 0;
  }
  return contacts;
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1);

interface Scored {
  readonly figures: ModelFigures;
  /** The contacts by the model's own rule, per repeat. */
  readonly contacts: readonly Uint8Array[];
}

/** `repeats` names the outer repeat of each of `oof`'s arrays (all of the file's by default). */
function scoreModel(
  file: SuiteFile,
  model: string,
  oof: readonly Float64Array[],
  ownContacts?: readonly Uint8Array[],
  repeats: readonly number[] = oof.map((_, repeat) => repeat),
): Scored {
  const cv = oof.map((scores, at) =>
    cvThresholdContacts(
      scores,
      file.labels,
      file.folds[repeats[at] ?? at] ?? new Uint8Array(scores.length),
    ),
  );
  const contacts = ownContacts ?? cv;
  const count = (c: Uint8Array) => c.reduce((sum, v) => sum + v, 0);
  return {
    figures: {
      model,
      auc: mean(oof.map((scores) => rocAuc(scores, file.labels))),
      logLoss: mean(oof.map((scores) => logLoss(scores, file.labels))),
      profit: mean(contacts.map((c) => profitOfContacts(c, file.labels, payoffs))),
      contacted: mean(contacts.map(count)),
      profitCvThreshold: mean(cv.map((c) => profitOfContacts(c, file.labels, payoffs))),
    },
    contacts,
  };
}

function averageFigures(model: string, runs: readonly ModelFigures[]): ModelFigures {
  return {
    model,
    auc: mean(runs.map((r) => r.auc)),
    logLoss: mean(runs.map((r) => r.logLoss)),
    profit: mean(runs.map((r) => r.profit)),
    contacted: mean(runs.map((r) => r.contacted)),
    profitCvThreshold: mean(runs.map((r) => r.profitCvThreshold)),
  };
}

/** "seed 42", and the repeats it ran when the file has more than one ("seed 42, repeat 1"). */
function retemRunName(file: SuiteFile, seed: number, run: RetemScores): string {
  if (file.folds.length === 1) return `seed ${seed}`;
  const repeats = run.repeats.map((r) => r + 1);
  return `seed ${seed}, repeat${repeats.length === 1 ? '' : 's'} ${repeats.join(', ')}`;
}

/** Every figure of one file; `retem` maps each training seed to its scores. */
export function fileFigures(
  file: SuiteFile,
  retem: ReadonlyMap<number, RetemScores>,
  anchors: readonly AnchorScores[],
): FileFigures {
  const seeds = [...retem.keys()];
  const runs = [...retem.values()];
  // The anchors on the repeats Retém ran, weighted as Retém's figures are (each run equally, each
  // of its repeats equally within it), so that a run of two seeds on three repeats compares like
  // with like.
  const anchorScored = anchors.map((a) => {
    const byRepeat = a.oof.map((scores, repeat) =>
      scoreModel(file, a.name, [scores], undefined, [repeat]),
    );
    const on = (repeat: number) => {
      const scored = byRepeat[repeat];
      if (scored === undefined) throw new Error(`${a.name} has no repeat ${repeat + 1}`);
      return scored;
    };
    return {
      figures: averageFigures(
        a.name,
        runs.map((run) =>
          averageFigures(
            a.name,
            run.repeats.map((repeat) => on(repeat).figures),
          ),
        ),
      ),
      contactsOn: (repeat: number) => on(repeat).contacts[0] ?? new Uint8Array(0),
    };
  });
  const retemScored = [...retem].map(([seed, run]) => ({
    run,
    ...scoreModel(file, retemRunName(file, seed, run), run.oof, run.contacts, run.repeats),
  }));
  const retemFigures = averageFigures(
    'retem',
    retemScored.map((s) => s.figures),
  );
  const best = (key: 'profit' | 'auc', sign: 1 | -1, pick = (f: ModelFigures) => f[key]) =>
    anchorScored.reduce((a, b) => (sign * pick(b.figures) > sign * pick(a.figures) ? b : a));
  const bestProfit = best('profit', 1);
  const bestAuc = best('auc', 1);
  const bestLogLoss = anchorScored.reduce((a, b) =>
    b.figures.logLoss < a.figures.logLoss ? b : a,
  );
  const wins = retemScored.flatMap((ours) =>
    ours.contacts.map(
      (contacts, at) =>
        pairedProfitDifference(
          contacts,
          bestProfit.contactsOn(ours.run.repeats[at] ?? at),
          file.labels,
          payoffs,
          { seed: SUITE_FOLD_SEED },
        ).probabilityAWins,
    ),
  );
  const profits = [retemFigures.profit, ...anchorScored.map((a) => a.figures.profit)];
  const positives = file.labels.reduce((sum, v) => sum + v, 0);
  return {
    set: file.set.name,
    rows: file.labels.length,
    churnRate: positives / file.labels.length,
    repeats: file.folds.length,
    seeds,
    retem: retemFigures,
    retemBySeed: retemScored.map((s) => s.figures),
    anchors: anchorScored.map((a) => a.figures),
    bestProfit: bestProfit.figures.model,
    bestAuc: bestAuc.figures.model,
    bestLogLoss: bestLogLoss.figures.model,
    profitRatio: retemFigures.profit / bestProfit.figures.profit,
    probabilityRetemWins: mean(wins),
    aucGap: retemFigures.auc - bestAuc.figures.auc,
    logLossRatio: retemFigures.logLoss / bestLogLoss.figures.logLoss,
    rank: 1 + profits.slice(1).filter((p) => p > retemFigures.profit).length,
    trainSecondsMean: mean(runs.flatMap((run) => run.trainSeconds)),
  };
}
