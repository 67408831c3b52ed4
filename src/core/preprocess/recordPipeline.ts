/**
 * The one road from a file's records to batches of model inputs, for the scoring CLI and the app's
 * upload alike, after whichever tokenizer read the fields: record check (field count, the ID of
 * the model's kind, seen once) → the engine's reader, which applies core's cell rules and encodes →
 * the row's warnings → a batch slot. A bad row is skipped with its reason; cells kept but looking
 * wrong are named as warnings. The caller scores a batch when it fills, then takes its IDs.
 */
import {
  RecordChecker,
  rowIssue,
  type HeaderProblem,
  type IdKind,
  type RowIssue,
  type ValueWarning,
} from '../records';
import type { Result } from '../result';
import type { CellProblem } from './rawRecord';

/** A batch an engine fills: records go into slots 0…size−1. */
export interface SlotReader {
  /** Slots per batch (≥ 1). */
  readonly size: number;
  /**
   * Reads one record's cells into slot `slot`; returns the first cell that cannot be read, or
   * null. Cells read but looking wrong go to `warn`.
   */
  read(
    fields: readonly string[],
    slot: number,
    warn: (warning: ValueWarning) => void,
  ): CellProblem | null;
}

/** Prepares an engine's batch for a header (names trimmed), or says why the header cannot serve. */
export type SlotReaderFor<B extends SlotReader> = (
  header: readonly string[],
  decimalComma: boolean,
) => Result<B, HeaderProblem>;

/** A header cell as the reader reads it: a leading byte-order mark dropped, then trimmed. */
export function headerName(field: string): string {
  return field.replace(/^\ufeff/, '').trim();
}

export class RecordPipeline<B extends SlotReader> {
  /** Data rows read, kept or not. */
  rowsRead = 0;
  /** Rows skipped, and how many in all (the list stops at `keep`). */
  readonly issues: RowIssue[] = [];
  issueCount = 0;
  /** Cells of kept rows that look wrong, and how many in all (the list stops at `keep`). */
  readonly warnings: RowIssue[] = [];
  warningCount = 0;
  private ids: string[] = [];
  private readonly rowWarnings: ValueWarning[] = [];
  private readonly warn = (warning: ValueWarning) => {
    this.rowWarnings.push(warning);
  };

  private constructor(
    private readonly checker: RecordChecker,
    /** The engine's batch: score slots 0…pending−1 when read() says it is full. */
    readonly batch: B,
    private readonly keep: number,
  ) {}

  /**
   * A pipeline for a file's header fields (see headerName), IDs read as `idKind`. Refuses a
   * header without the ID column, or one the engine's reader cannot serve. `keep` bounds the
   * issues and warnings listed (Infinity lists every one; they are counted anyway).
   */
  static create<B extends SlotReader>(
    fields: readonly string[],
    ids: { readonly column: string; readonly kind: IdKind },
    decimalComma: boolean,
    readerFor: SlotReaderFor<B>,
    keep = Number.POSITIVE_INFINITY,
  ): Result<RecordPipeline<B>, HeaderProblem> {
    const names = fields.map(headerName);
    const checker = RecordChecker.create(names, ids.column, ids.kind);
    if (!checker.ok) return checker;
    const batch = readerFor(names, decimalComma);
    if (!batch.ok) return batch;
    return { ok: true, value: new RecordPipeline(checker.value, batch.value, keep) };
  }

  /** Rows in the batch being filled. */
  get pending(): number {
    return this.ids.length;
  }

  /**
   * Reads the next data record, found at file line `line` (1-based). True when the batch is now
   * full: score its slots, then call takeBatch().
   */
  read(fields: readonly string[], line: number): boolean {
    this.rowsRead++;
    const row = this.rowsRead;
    const refusal = this.checker.check(fields, row);
    if (refusal !== null) {
      this.skip(
        rowIssue(row, line, this.checker.issueIdOf(fields), refusal.column, refusal.problem),
      );
      return false;
    }
    this.rowWarnings.length = 0;
    const id = this.checker.idOf(fields);
    const problem = this.batch.read(fields, this.ids.length, this.warn);
    if (problem !== null) {
      this.skip(rowIssue(row, line, id, problem.column, problem.problem));
      return false;
    }
    for (const warning of this.rowWarnings) {
      this.warningCount++;
      if (this.warnings.length < this.keep) {
        this.warnings.push(rowIssue(row, line, id, warning.column, warning));
      }
    }
    this.ids.push(id);
    return this.ids.length === this.batch.size;
  }

  /** The IDs of slots 0…pending−1, in order; the next batch starts empty. */
  takeBatch(): string[] {
    const taken = this.ids;
    this.ids = [];
    return taken;
  }

  private skip(issue: RowIssue): void {
    this.issueCount++;
    if (this.issues.length < this.keep) this.issues.push(issue);
  }
}

/**
 * Skipped rows and warned cells as one list, the skipped rows first (each part in the order given,
 * row order as the reader keeps them), at most `limit` entries: cut short, a list still shows what
 * was refused before what was scored with a warning. Empty lists give [].
 */
export function rowIssuesSkippedFirst(
  issues: readonly RowIssue[],
  warnings: readonly RowIssue[],
  limit: number,
): RowIssue[] {
  return [...issues.slice(0, limit), ...warnings.slice(0, Math.max(limit - issues.length, 0))];
}
