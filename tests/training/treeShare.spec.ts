/**
 * The tree member's share under 'auto': the blend with the best out-of-fold ROC AUC, but no trees
 * at all where they add less than TREE_SHARE_MIN_GAIN to the network alone.
 */
import { describe, expect, it } from 'vitest';
import { chooseTreeShare, TREE_SHARE_MIN_GAIN } from '../../training/lib/treeMember';

/**
 * `positives` churners at logit 2 but one at 0.4, `negatives` others at −1 but one at 0.5: the
 * network misorders one pair of positives × negatives. The trees put that churner at 0.6, so a
 * blend orders every pair once its tree share is above a half (0.6 of the shares tried).
 */
function oneMisorderedPair(positives: number, negatives: number) {
  const labels = new Uint8Array(positives + negatives);
  const network = new Float64Array(positives + negatives);
  for (let i = 0; i < positives; i++) {
    labels[i] = 1;
    network[i] = i === 0 ? 0.4 : 2;
  }
  for (let i = positives; i < positives + negatives; i++) network[i] = i === positives ? 0.5 : -1;
  const trees = Float64Array.from(network);
  trees[0] = 0.6;
  return { labels, network, trees };
}

describe('the tree member’s share under auto', () => {
  it('ships the best blend when the trees add at least 0.001 of AUC to the network alone', () => {
    // 4 × 6 = 24 pairs: the one the trees fix is worth 1/24 of AUC.
    const { labels, network, trees } = oneMisorderedPair(4, 6);
    const chosen = chooseTreeShare('auto', network, trees, labels);
    expect(chosen.aucByShare[0]).toEqual({ share: 0, auc: 23 / 24 });
    expect(chosen.aucByShare.find((s) => s.share === 0.4)?.auc).toBe(23 / 24);
    // At a half the churner's blend ties the other customer's 0.5: half a pair.
    expect(chosen.aucByShare.find((s) => s.share === 0.5)?.auc).toBe(23.5 / 24);
    expect(chosen.aucByShare.find((s) => s.share === 0.6)?.auc).toBe(1);
    expect(chosen.share).toBe(0.6);
  });

  it('ships no trees when their best blend gains less than 0.001, however it ranks', () => {
    // 40 × 60 = 2,400 pairs: the fixed pair is worth 0.000417 of AUC.
    expect(1 / 2400).toBeLessThan(TREE_SHARE_MIN_GAIN);
    const { labels, network, trees } = oneMisorderedPair(40, 60);
    const chosen = chooseTreeShare('auto', network, trees, labels);
    expect(chosen.aucByShare.find((s) => s.share === 0.6)?.auc).toBe(1);
    expect(chosen.aucByShare[0]?.auc).toBeCloseTo(2399 / 2400, 12);
    expect(chosen.share).toBe(0);
  });

  it('keeps a share given outright, whatever the trees add', () => {
    const { labels, network, trees } = oneMisorderedPair(40, 60);
    expect(chooseTreeShare(0.3, network, trees, labels)).toEqual({ share: 0.3, aucByShare: [] });
  });
});
