/**
 * The encoded matrix as the tree trainer reads it: each candidate column cut into at most 255
 * bins by its values on the fitting rows (every distinct value its own bin when there are few,
 * quantiles otherwise), and each row stored as the (column, bin) pairs where it differs from the
 * column's most frequent bin. Encoded Santander rows differ in about 22 of 328 such columns, so a
 * histogram costs the rows' differing cells, not rows × columns.
 */

export interface TreeBins {
  /** Input column of each candidate, ascending. */
  readonly columns: Int32Array;
  /** Candidate c's bins end at edges[c][b] (a value ≤ that edge and above the previous one). */
  readonly edges: readonly Float32Array[];
  /** Candidate c's most frequent bin: the bin of a row that has no pair for c. */
  readonly defaultBin: Uint8Array;
  /** Row r's pairs are [rowStart[r], rowStart[r+1]) of pairColumn (candidate index) and pairBin. */
  readonly rowStart: Int32Array;
  readonly pairColumn: Uint16Array;
  readonly pairBin: Uint8Array;
}

/** Bin of a value in ascending upper edges: the first edge ≥ value, the last bin above them all. */
export function binOf(edges: Float32Array, value: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] ?? 0) >= value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Upper bin edges of values (any order; NaN ignored): each distinct value its own bin when there
 * are at most maxBins of them, else greedy quantiles where a value heavier than a bin's share gets
 * a bin of its own. Every edge but the last lies halfway (in float32) between the largest value of
 * its bin and the smallest of the next, so that a value computed with a little rounding error
 * elsewhere (the sparse path, ONNX) still falls on the side training put it. The last edge is the
 * largest value. No values give a single edge at 0.
 */
export function binEdges(values: Float32Array, maxBins: number): Float32Array {
  return binEdgesOfSorted(
    Float32Array.from(values.filter((v) => !Number.isNaN(v))).sort(),
    maxBins,
  );
}

/** binEdges of values already sorted ascending, without NaN. */
function binEdgesOfSorted(sorted: Float32Array, maxBins: number): Float32Array {
  if (sorted.length === 0) return Float32Array.of(0);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (const v of sorted) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) {
      counts[counts.length - 1] = (counts[counts.length - 1] ?? 0) + 1;
    } else {
      distinct.push(v);
      counts.push(1);
    }
  }
  // Index in `distinct` of each bin's largest value.
  const last: number[] = [];
  if (distinct.length <= maxBins) distinct.forEach((_, i) => last.push(i));
  else {
    let remaining = sorted.length;
    let inBin = 0;
    for (let i = 0; i < distinct.length; i++) {
      inBin += counts[i] ?? 0;
      const binsLeft = maxBins - last.length;
      const share = remaining / binsLeft;
      const next = counts[i + 1] ?? 0;
      if (i === distinct.length - 1 || inBin >= share || (next >= share && binsLeft > 1)) {
        last.push(i);
        remaining -= inBin;
        inBin = 0;
        if (last.length === maxBins - 1 && i < distinct.length - 1) {
          last.push(distinct.length - 1);
          break;
        }
      }
    }
  }
  return Float32Array.from(last, (i, b) =>
    b === last.length - 1
      ? (distinct[i] ?? 0)
      : Math.fround(((distinct[i] ?? 0) + (distinct[i + 1] ?? 0)) / 2),
  );
}

/**
 * Bins the given columns of a row-major float32 matrix: edges and most frequent bins from
 * `fittingRows`, pairs for every row of the matrix. maxBins is capped at 255.
 */
export function binMatrix(
  matrix: Float32Array,
  width: number,
  columns: readonly number[],
  fittingRows: ArrayLike<number>,
  maxBins: number,
): TreeBins {
  const bins = Math.min(Math.max(2, Math.floor(maxBins)), 255);
  const rows = width > 0 ? Math.floor(matrix.length / width) : 0;
  const edges: Float32Array[] = [];
  const defaultBin = new Uint8Array(columns.length);
  // A value equal to its column's most frequent one is in the default bin, where that bin is the
  // value's own (modeValue NaN otherwise): no search needed.
  const modeValue = new Float32Array(columns.length);
  const values = new Float32Array(fittingRows.length);
  columns.forEach((column, c) => {
    for (let i = 0; i < fittingRows.length; i++) {
      values[i] = matrix[(fittingRows[i] ?? 0) * width + column] ?? 0;
    }
    values.sort();
    let numbers = values.length;
    while (numbers > 0 && Number.isNaN(values[numbers - 1])) numbers--;
    const sorted = values.subarray(0, numbers);
    const columnEdges = binEdgesOfSorted(sorted, bins);
    edges.push(columnEdges);
    // One walk over the sorted values: each bin's count and the most frequent value.
    const counts = new Float64Array(columnEdges.length);
    let bin = 0;
    let mode = Number.NaN;
    let modeBin = 0;
    let modeCount = 0;
    for (let i = 0; i < sorted.length;) {
      const v = sorted[i] ?? 0;
      let j = i + 1;
      while (j < sorted.length && sorted[j] === v) j++;
      while (bin < columnEdges.length - 1 && v > (columnEdges[bin] ?? 0)) bin++;
      counts[bin] = (counts[bin] ?? 0) + (j - i);
      if (j - i > modeCount) {
        modeCount = j - i;
        mode = v;
        modeBin = bin;
      }
      i = j;
    }
    let best = 0;
    counts.forEach((count, b) => {
      if (count > (counts[best] ?? 0)) best = b;
    });
    defaultBin[c] = best;
    // The shortcut holds only where the most frequent value lies in the most frequent bin: among
    // many distinct values, a bin of several lighter values can outweigh the mode's.
    modeValue[c] = modeBin === best ? mode : Number.NaN;
  });
  const rowStart = new Int32Array(rows + 1);
  let pairColumn = new Uint16Array(rows * 8);
  let pairBin = new Uint8Array(rows * 8);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let c = 0; c < columns.length; c++) {
      const v = matrix[base + (columns[c] ?? 0)] ?? 0;
      if (v === modeValue[c]) continue;
      const columnEdges = edges[c] as Float32Array;
      const bin = binOf(columnEdges, v);
      if (bin === defaultBin[c]) continue;
      if (at === pairColumn.length) {
        const grownColumn = new Uint16Array(at * 2);
        grownColumn.set(pairColumn);
        pairColumn = grownColumn;
        const grownBin = new Uint8Array(at * 2);
        grownBin.set(pairBin);
        pairBin = grownBin;
      }
      pairColumn[at] = c;
      pairBin[at] = bin;
      at++;
    }
    rowStart[r + 1] = at;
  }
  return {
    columns: Int32Array.from(columns),
    edges,
    defaultBin,
    rowStart,
    pairColumn: pairColumn.slice(0, at),
    pairBin: pairBin.slice(0, at),
  };
}

/** The same bins restricted to some candidates (indices into bins.columns, ascending). */
export function keepCandidates(bins: TreeBins, kept: readonly number[]): TreeBins {
  const newIndex = new Int32Array(bins.columns.length).fill(-1);
  kept.forEach((c, i) => {
    newIndex[c] = i;
  });
  const rows = bins.rowStart.length - 1;
  const rowStart = new Int32Array(rows + 1);
  const pairColumn = new Uint16Array(bins.pairColumn.length);
  const pairBin = new Uint8Array(bins.pairBin.length);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    for (let p = bins.rowStart[r] ?? 0; p < (bins.rowStart[r + 1] ?? 0); p++) {
      const c = newIndex[bins.pairColumn[p] ?? 0] ?? -1;
      if (c < 0) continue;
      pairColumn[at] = c;
      pairBin[at] = bins.pairBin[p] ?? 0;
      at++;
    }
    rowStart[r + 1] = at;
  }
  return {
    columns: Int32Array.from(kept, (c) => bins.columns[c] ?? 0),
    edges: kept.map((c) => bins.edges[c] ?? Float32Array.of(0)),
    defaultBin: Uint8Array.from(kept, (c) => bins.defaultBin[c] ?? 0),
    rowStart,
    pairColumn: pairColumn.slice(0, at),
    pairBin: pairBin.slice(0, at),
  };
}

const columnMajorOf = new WeakMap<TreeBins, Uint8Array>();

/**
 * Every row's bin in every candidate, column-major (candidates × rows): a level of a tree routes
 * all its rows on a few columns, so its reads run along them instead of striding over rows. Made
 * once per bins and shared by every grower of them (fold models, teachers, the refit): read only.
 */
export function columnMajorBins(bins: TreeBins): Uint8Array {
  const made = columnMajorOf.get(bins);
  if (made !== undefined) return made;
  const candidates = bins.columns.length;
  const rows = bins.rowStart.length - 1;
  const byColumn = new Uint8Array(rows * candidates);
  for (let c = 0; c < candidates; c++) {
    byColumn.fill(bins.defaultBin[c] ?? 0, c * rows, (c + 1) * rows);
  }
  for (let r = 0; r < rows; r++) {
    for (let p = bins.rowStart[r] ?? 0, end = bins.rowStart[r + 1] ?? 0; p < end; p++) {
      byColumn[(bins.pairColumn[p] ?? 0) * rows + r] = bins.pairBin[p] ?? 0;
    }
  }
  columnMajorOf.set(bins, byColumn);
  return byColumn;
}
