/**
 * An encoded training matrix as sparse deviations from one value per column. Most encoded columns
 * hold one value for most customers (a raw zero always encodes the same way), so a row's deviation
 * from that per-column centre is mostly zeros: on Santander about 64 of 561 inputs. A dense
 * layer's product x·W is then centre·W plus one term per deviating input, and its weight gradient
 * xᵀ·dY is (x − centre)ᵀ·dY plus centre ⊗ Σ dY: the same numbers as the dense products, up to
 * float32 rounding order, at a cost proportional to what the rows hold.
 */

/** Compressed-sparse-row deviations of every matrix row from `centre`. */
export interface CenteredRows {
  /** Inputs per row. */
  readonly width: number;
  /** The value each column is centred on. */
  readonly centre: Float32Array;
  /** Row r's deviations are entries rowStart[r] … rowStart[r + 1] − 1. */
  readonly rowStart: Uint32Array;
  /** Entry e's column. */
  readonly column: Uint32Array;
  /** Entry e's deviation, x[r, column] − centre[column] (never 0). */
  readonly deviation: Float32Array;
}

/**
 * Each column's most frequent value over `sampleRows` evenly spaced rows of a row-major matrix
 * (rows × width), ties to the value seen first. Any centre gives exact products; the most frequent
 * value gives the fewest entries. No rows or width 0 give zeros.
 */
export function frequentColumnValues(
  matrix: Float32Array,
  width: number,
  sampleRows = 2000,
): Float32Array {
  const centre = new Float32Array(Math.max(width, 0));
  const rows = width > 0 ? Math.floor(matrix.length / width) : 0;
  if (rows === 0) return centre;
  const step = Math.max(1, Math.floor(rows / sampleRows));
  for (let c = 0; c < width; c++) {
    const counts = new Map<number, number>();
    let best = 0;
    let bestCount = 0;
    for (let r = 0; r < rows; r += step) {
      const value = matrix[r * width + c] ?? 0;
      const count = (counts.get(value) ?? 0) + 1;
      counts.set(value, count);
      if (count > bestCount) {
        best = value;
        bestCount = count;
      }
    }
    centre[c] = best;
  }
  return centre;
}

/**
 * Every row of a row-major matrix (rows × width) as deviations from `centre` (width values).
 * Throws RangeError when centre's length is not the width: a caller's bug. An empty matrix gives
 * no rows.
 */
export function centerRows(
  matrix: Float32Array,
  width: number,
  centre: Float32Array,
): CenteredRows {
  if (centre.length !== width) throw new RangeError('centerRows needs one centre per column');
  const rows = width > 0 ? Math.floor(matrix.length / width) : 0;
  const rowStart = new Uint32Array(rows + 1);
  let entries = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let c = 0; c < width; c++) if (matrix[base + c] !== centre[c]) entries++;
    rowStart[r + 1] = entries;
  }
  const column = new Uint32Array(entries);
  const deviation = new Float32Array(entries);
  let e = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    for (let c = 0; c < width; c++) {
      const value = matrix[base + c] ?? 0;
      const centred = centre[c] ?? 0;
      if (value !== centred) {
        column[e] = c;
        deviation[e] = value - centred;
        e++;
      }
    }
  }
  return { width, centre, rowStart, column, deviation };
}

/**
 * centre·W: the product every row shares, units values (kernel width × units, row-major). Width 0
 * gives zeros.
 */
export function centreProduct(
  rows: CenteredRows,
  kernel: Float32Array,
  units: number,
): Float32Array {
  const shared = new Float64Array(units);
  for (let c = 0; c < rows.width; c++) {
    const centred = rows.centre[c] ?? 0;
    if (centred === 0) continue;
    const at = c * units;
    for (let u = 0; u < units; u++) shared[u] = (shared[u] ?? 0) + centred * (kernel[at + u] ?? 0);
  }
  return Float32Array.from(shared);
}

/**
 * Adds centre ⊗ columnSums (Σ over a batch's rows of dY, units values) to out (width × units,
 * row-major): the centre's share of Xᵀ·dY. Width 0 adds nothing.
 */
export function addCentreOuter(
  rows: CenteredRows,
  columnSums: ArrayLike<number>,
  units: number,
  out: Float32Array,
): void {
  for (let c = 0; c < rows.width; c++) {
    const centred = rows.centre[c] ?? 0;
    if (centred === 0) continue;
    const at = c * units;
    for (let u = 0; u < units; u++)
      out[at + u] = (out[at + u] ?? 0) + centred * (columnSums[u] ?? 0);
  }
}

/**
 * Σ over rows start … end − 1 of dY (upstream, rows × units, row-major): units values. An empty
 * range gives zeros.
 */
export function upstreamColumnSums(
  upstream: Float32Array,
  start: number,
  end: number,
  units: number,
): Float64Array {
  const sums = new Float64Array(units);
  for (let i = 0; i < end - start; i++) {
    for (let u = 0; u < units; u++) sums[u] = (sums[u] ?? 0) + (upstream[i * units + u] ?? 0);
  }
  return sums;
}

/**
 * out = X·W for the rows batch[start … end) (row indices into `rows`), X their encoded inputs:
 * out is (end − start) × units, row-major; kernel is width × units, row-major. Writes nothing for
 * an empty range.
 */
export function centeredProduct(
  rows: CenteredRows,
  batch: ArrayLike<number>,
  start: number,
  end: number,
  kernel: Float32Array,
  units: number,
  out: Float32Array,
): void {
  if (end <= start) return;
  const shared = centreProduct(rows, kernel, units);
  const { rowStart, column, deviation } = rows;
  for (let i = start; i < end; i++) {
    const row = batch[i] ?? 0;
    const o = (i - start) * units;
    out.set(shared, o);
    const last = rowStart[row + 1] ?? 0;
    for (let e = rowStart[row] ?? 0; e < last; e++) {
      const v = deviation[e] ?? 0;
      const at = (column[e] ?? 0) * units;
      for (let u = 0; u < units; u++) out[o + u] = (out[o + u] ?? 0) + v * (kernel[at + u] ?? 0);
    }
  }
}

/**
 * out = Xᵀ·dY for the rows batch[start … end), X their encoded inputs and dY (end − start) × units
 * row-major (upstream): out is width × units, row-major, overwritten. An empty range gives zeros.
 */
export function centeredTransposeProduct(
  rows: CenteredRows,
  batch: ArrayLike<number>,
  start: number,
  end: number,
  upstream: Float32Array,
  units: number,
  out: Float32Array,
): void {
  out.fill(0);
  const { rowStart, column, deviation } = rows;
  for (let i = start; i < end; i++) {
    const row = batch[i] ?? 0;
    const o = (i - start) * units;
    const last = rowStart[row + 1] ?? 0;
    for (let e = rowStart[row] ?? 0; e < last; e++) {
      const v = deviation[e] ?? 0;
      const at = (column[e] ?? 0) * units;
      for (let u = 0; u < units; u++) out[at + u] = (out[at + u] ?? 0) + v * (upstream[o + u] ?? 0);
    }
  }
  addCentreOuter(rows, upstreamColumnSums(upstream, start, end, units), units, out);
}
