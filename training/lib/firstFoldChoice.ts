/**
 * A training setting the file chooses on its first fold: fold 1's model is fitted under each
 * candidate, and the one with the lowest log loss on fold 1's held rows serves every fold.
 */

export interface FirstFoldChoice<Fitted> {
  /** The chosen candidate, and fold 1's model fitted under it. */
  readonly value: number;
  readonly fitted: Fitted;
  /** Fold 1's held-out log loss (nats) under each candidate, in the candidates' order. */
  readonly heldLogLossByValue: readonly { readonly value: number; readonly logLoss: number }[];
}

/**
 * Fits fold 1 under each candidate value in order (awaiting each before the next) and keeps the
 * one whose `heldLogLoss` is lowest; ties, and NaN losses, go to the earlier candidate. Throws on
 * an empty candidate list (a programming error: every caller has a default).
 */
export async function chooseOnFirstFold<Fitted>(
  candidates: readonly number[],
  fit: (value: number) => Promise<Fitted>,
  heldLogLoss: (fitted: Fitted) => number,
): Promise<FirstFoldChoice<Fitted>> {
  let chosen: { value: number; fitted: Fitted; loss: number } | null = null;
  const heldLogLossByValue: { value: number; logLoss: number }[] = [];
  for (const value of candidates) {
    const fitted = await fit(value);
    const loss = heldLogLoss(fitted);
    heldLogLossByValue.push({ value, logLoss: loss });
    if (chosen === null || loss < chosen.loss - 1e-12) chosen = { value, fitted, loss };
  }
  if (chosen === null) throw new Error('chooseOnFirstFold: no candidate');
  return { value: chosen.value, fitted: chosen.fitted, heldLogLossByValue };
}
