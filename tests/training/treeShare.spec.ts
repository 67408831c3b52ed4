/**
 * The tree member's share under 'auto': the best blend of the network's and the trees'
 * out-of-fold logits, shipped only when it beats the network alone by at least 0.001 of ROC AUC.
 * The AUCs are counted pair by pair here, independently of core's rocAuc.
 */
import { describe, expect, it } from 'vitest';
import { treeMemberLine } from '../../training/lib/modelCard';
import type { TreeModel } from '../../src/model/treeLayer';
import {
  chooseTreeMember,
  chooseTreeShare,
  shippedTrees,
  treeModelLogits,
  treesIn,
  TREE_LEAST_AUC_GAIN,
} from '../../training/lib/treeMember';

// 40 churners scored 0, 1, …, 39 and 40 stayers scored −19.5, −18.5, …, 19.5 by the network:
// no ties, so each pair is won or lost outright.
const labels = Uint8Array.from({ length: 80 }, (_, i) => (i < 40 ? 1 : 0));
const network = Float64Array.from({ length: 80 }, (_, i) => (i < 40 ? i : i - 40 - 19.5));

/** The trees agree with the network but for the churners given, which they score 0.9 higher. */
function treesRaising(churners: readonly number[]): Float64Array {
  const trees = Float64Array.from(network);
  for (const row of churners) trees[row] = (trees[row] ?? 0) + 0.9;
  return trees;
}

/** ROC AUC as the share of (churner, stayer) pairs the churner wins, ties counting half. */
function pairwiseAuc(scores: Float64Array): number {
  let won = 0;
  for (let p = 0; p < 40; p++) {
    for (let n = 40; n < 80; n++) {
      const a = scores[p] ?? 0;
      const b = scores[n] ?? 0;
      won += a > b ? 1 : a === b ? 0.5 : 0;
    }
  }
  return won / 1600;
}

function blend(trees: Float64Array, share: number): Float64Array {
  return network.map((v, i) => (1 - share) * v + share * (trees[i] ?? 0));
}

describe('the tree member’s share under auto', () => {
  it('asks the trees for 0.001 of out-of-fold AUC over the network alone', () => {
    expect(TREE_LEAST_AUC_GAIN).toBe(0.001);
  });

  it('leaves the trees out when their best blend adds one pair in 1,600 (0.000625 of AUC)', () => {
    // Raising churner 10 by 0.9 passes the stayer at 10.5 from a share of 0.6 on (0.6 × 0.9 > 0.5).
    const trees = treesRaising([10]);
    const chosen = chooseTreeShare('auto', network, trees, labels);
    const at = (share: number) => chosen.aucByShare.find((s) => s.share === share)?.auc ?? NaN;
    expect(at(0)).toBeCloseTo(pairwiseAuc(network), 12);
    expect(at(0.5)).toBeCloseTo(pairwiseAuc(network), 12);
    expect(at(0.6)).toBeCloseTo(pairwiseAuc(network) + 1 / 1600, 12);
    expect(at(1)).toBeCloseTo(pairwiseAuc(blend(trees, 1)), 12);
    expect(chosen.share).toBe(0);
  });

  it('ships the smallest share of the best blend when it adds two pairs in 1,600 (0.00125)', () => {
    const trees = treesRaising([10, 11]);
    const chosen = chooseTreeShare('auto', network, trees, labels);
    expect(chosen.aucByShare.map((s) => s.share)).toEqual([
      0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1,
    ]);
    for (const { share, auc } of chosen.aucByShare) {
      expect(auc).toBeCloseTo(pairwiseAuc(blend(trees, share)), 12);
    }
    expect(pairwiseAuc(blend(trees, 0.6)) - pairwiseAuc(network)).toBeCloseTo(2 / 1600, 12);
    expect(chosen.share).toBe(0.6);
  });

  it('ships the trees at exactly 0.001: one pair in 1,000 (40 churners, 25 stayers)', () => {
    // The stayers at −4.5, −3.5, …, 19.5: raising churner 10 by 0.9 passes the one at 10.5.
    const few = Uint8Array.from({ length: 65 }, (_, i) => (i < 40 ? 1 : 0));
    const scores = Float64Array.from({ length: 65 }, (_, i) => (i < 40 ? i : i - 40 - 4.5));
    const trees = Float64Array.from(scores, (v, i) => (i === 10 ? v + 0.9 : v));
    const chosen = chooseTreeShare('auto', scores, trees, few);
    const at = (share: number) => chosen.aucByShare.find((s) => s.share === share)?.auc ?? NaN;
    expect(at(0.6) - at(0)).toBeCloseTo(0.001, 12);
    expect(chosen.share).toBe(0.6);
  });

  it('keeps a share the analyst set, whatever the trees add', () => {
    expect(chooseTreeShare(0.3, network, treesRaising([10]), labels)).toEqual({
      share: 0.3,
      aucByShare: [],
    });
  });

  it('leaves the trees out when the rows hold one class only, where no AUC exists', () => {
    const stayers = new Uint8Array(80);
    const chosen = chooseTreeShare('auto', network, treesRaising([10, 11, 12]), stayers);
    expect(chosen.aucByShare.every((s) => Number.isNaN(s.auc))).toBe(true);
    expect(chosen.share).toBe(0);
  });
});

describe('the model card’s line on the tree member', () => {
  const record = {
    share: 0,
    chosenFrom: [
      { share: 0, auc: 0.84212 },
      { share: 0.2, auc: 0.84217 },
      { share: 0.3, auc: 0.84201 },
    ],
    depth: 8,
    treesPerFold: [80, 90],
    columns: 64,
    learningRate: 0.1,
    outOfFoldAuc: 0.83,
    networkOutOfFoldAuc: 0.84212,
  };

  it('says why trees that add too little were left out, with the figures behind it', () => {
    expect(treeMemberLine(record)).toBe(
      "\n- **Tree member:** left out. Out of fold, the best blend with the oblivious trees (a share of 0.2, AUC 0.8422) adds 0.00005 of AUC to the network alone's 0.8421, less than the 0.001 trees must add: too little to pay for their comparisons on every customer scored.",
    );
  });

  it('says so when no blend beats the network alone', () => {
    const worse = {
      ...record,
      chosenFrom: [
        { share: 0, auc: 0.9 },
        { share: 0.2, auc: 0.8 },
      ],
    };
    expect(treeMemberLine({ ...worse, networkOutOfFoldAuc: 0.9 })).toBe(
      "\n- **Tree member:** left out. Out of fold, no blend with the oblivious trees beats the network alone's AUC 0.9000.",
    );
  });

  it('gives the figures of every kind weighed when neither pays', () => {
    const teachers = [
      { share: 0, auc: 0.84212 },
      { share: 0.2, auc: 0.8429 },
    ];
    const both = {
      ...record,
      kind: 'oblivious' as const,
      kindsWeighed: [
        { kind: 'oblivious' as const, share: 0, auc: 0.84212, chosenFrom: record.chosenFrom },
        { kind: 'depthwise' as const, share: 0, auc: 0.84212, chosenFrom: teachers },
      ],
    };
    expect(treeMemberLine(both)).toBe(
      "\n- **Tree member:** left out. Out of fold, the best blend with the oblivious trees (a share of 0.2, AUC 0.8422) adds 0.00005, and the best blend with the teachers' depth-wise trees (a share of 0.2, AUC 0.8429) adds 0.00078 of AUC to the network alone's 0.8421, less than the 0.001 trees must add: too little to pay for their comparisons on every customer scored.",
    );
  });

  it('names the teachers when their trees ship, and the kind they were chosen over', () => {
    const line = treeMemberLine({
      ...record,
      kind: 'depthwise',
      share: 0.8,
      depth: 6,
      learningRate: 0.03,
      treesPerFold: [295, 275],
      columns: 84,
      kindsWeighed: [
        { kind: 'oblivious', share: 0.6, auc: 0.7151, chosenFrom: [] },
        { kind: 'depthwise', share: 0.8, auc: 0.7226, chosenFrom: [] },
      ],
    });
    expect(line).toContain(
      "per fold, the fold's teacher above, depth-wise boosted trees of depth 6 (learning rate 0.03, early-stopped on the fold's log loss; 295/275 trees kept) whose splits read 84 encoded columns.",
    );
    expect(line).toContain(
      'They were chosen over the oblivious trees, whose blend at a share of 0.6 reaches AUC 0.7151.',
    );
  });

  it('says nothing of a member the analyst left out by its share, and describes one that ships', () => {
    expect(treeMemberLine({ ...record, chosenFrom: [] })).toBe('');
    expect(treeMemberLine({ ...record, share: 0.2 })).toContain(
      'the trees hold 20.0% of the blended logit, the share with the best out-of-fold AUC among 0 (0.8421), 0.2 (0.8422), 0.3 (0.8420)',
    );
  });
});

describe('the tree member’s kind', () => {
  // Oblivious trees that win one pair more than the network at most, depth-wise ones that win two.
  const oblivious = treesRaising([1]);
  const depthwise = treesRaising([1, 2, 3]);

  it('is the kind whose blend at its own share has the best out-of-fold AUC', () => {
    const choice = chooseTreeMember(
      'auto',
      network,
      [
        { kind: 'oblivious', logits: oblivious },
        { kind: 'depthwise', logits: depthwise },
      ],
      labels,
    );
    expect(choice?.chosen).toBe(1);
    const [first, second] = choice?.weighed ?? [];
    expect(first?.kind).toBe('oblivious');
    // One pair in 1,600 does not pay (0.000625 < 0.001): the oblivious trees would blend at 0.
    expect(first?.share).toBe(0);
    expect(first?.blendAuc).toBeCloseTo(pairwiseAuc(network), 12);
    expect(second?.share).toBeGreaterThan(0);
    expect(second?.blendAuc).toBeCloseTo(pairwiseAuc(blend(depthwise, second?.share ?? 0)), 12);
    expect(second?.blendAuc).toBeGreaterThan(pairwiseAuc(network) + TREE_LEAST_AUC_GAIN);
  });

  it('keeps the first candidate on a tie, and at share 0 when no kind pays', () => {
    const tie = chooseTreeMember(
      'auto',
      network,
      [
        { kind: 'oblivious', logits: depthwise },
        { kind: 'depthwise', logits: depthwise },
      ],
      labels,
    );
    expect(tie?.chosen).toBe(0);
    const none = chooseTreeMember(
      'auto',
      network,
      [
        { kind: 'oblivious', logits: network },
        { kind: 'depthwise', logits: oblivious },
      ],
      labels,
    );
    expect(none?.chosen).toBe(0);
    expect(none?.weighed.map((w) => w.share)).toEqual([0, 0]);
    expect(chooseTreeMember('auto', network, [], labels)).toBeNull();
  });

  it('weighs a share the analyst set at that share for every kind, even one that adds little', () => {
    // At a share of 0.5 the first candidate's raise of 0.9 moves churners by 0.45, short of the
    // next stayer (0.5 above): no pair changes. The second's raise of 2 moves three churners past
    // one stayer each.
    const raisedBy2 = Float64Array.from(network, (v, i) => (i >= 1 && i <= 3 ? v + 2 : v));
    const choice = chooseTreeMember(
      0.5,
      network,
      [
        { kind: 'oblivious', logits: depthwise },
        { kind: 'depthwise', logits: raisedBy2 },
      ],
      labels,
    );
    expect(choice?.weighed.map((w) => w.share)).toEqual([0.5, 0.5]);
    expect(choice?.weighed[0]?.blendAuc).toBeCloseTo(pairwiseAuc(network), 12);
    expect(choice?.weighed[1]?.blendAuc).toBeCloseTo(pairwiseAuc(network) + 3 / 1600, 12);
    expect(choice?.chosen).toBe(1);
  });
});

describe('the shipped tree member', () => {
  // Two fold models of depth-wise trees of depth 2: three trees, then one.
  const fold = (bias: number, trees: number, leaf: number): TreeModel => ({
    kind: 'depthwise',
    trees: {
      depth: 2,
      bias,
      columns: Int32Array.from({ length: 3 * trees }, (_, k) => k % 2),
      thresholds: Float32Array.from({ length: 3 * trees }, (_, k) =>
        k % 3 === 2 ? Number.POSITIVE_INFINITY : 0.25 * (k % 4),
      ),
      leaves: Float32Array.from({ length: 4 * trees }, (_, j) => leaf * (j + 1)),
    },
  });
  const folds = [fold(-1, 3, 0.1), fold(-2, 1, -0.3)];
  const rows = Float32Array.from({ length: 40 }, (_, i) => (i % 7) * 0.2 - 0.4);

  it('averages the fold models, and cuts each back out with its own logits', () => {
    const { member, folds: cut } = shippedTrees(folds, (values) => values);
    expect(member.kind).toBe('depthwise');
    expect(treesIn(member)).toBe(4);
    const mean = treeModelLogits(member, rows, 2);
    const own = folds.map((f) => treeModelLogits(f, rows, 2));
    mean.forEach((z, i) => {
      expect(z).toBeCloseTo(((own[0]?.[i] ?? 0) + (own[1]?.[i] ?? 0)) / 2, 6);
    });
    cut.forEach((model, f) => {
      expect(treesIn(model)).toBe(f === 0 ? 3 : 1);
      const logits = treeModelLogits(model, rows, 2);
      logits.forEach((z, i) => {
        expect(z).toBeCloseTo(own[f]?.[i] ?? 0, 5);
      });
    });
  });

  it('gives each fold the leaves as shipped, times the fold count', () => {
    const halved = (values: Float32Array) => values.map((v) => v / 2);
    const { member, folds: cut } = shippedTrees(folds, halved);
    expect(Array.from(cut[1]?.trees.leaves ?? [])).toEqual(
      Array.from(member.trees.leaves.slice(12), (v) => Math.fround(v * 2)),
    );
    expect(cut[1]?.trees.leaves[0]).toBeCloseTo(-0.3 / 2, 6);
  });
});
