/**
 * A portfolio's contact list under per-segment thresholds: every customer whose probability
 * reaches its segment's threshold, most likely first, at most `capacity` of them, in the decisions
 * file's format with the customer's segment added.
 */
import { csvField } from '../records';
import { DECISIONS_HEADER, decide, decisionLine, type Payoffs } from '../decision';
import { segmentText } from './report';
import {
  segmentNames,
  segmentOfText,
  segmentOfValue,
  type SegmentColumn,
  type SegmentName,
} from './segments';

/** The contact list's header: the decisions file's, then the segment. */
export const SEGMENT_CONTACTS_HEADER = `${DECISIONS_HEADER},segment`;

/**
 * The segment of a customer's cell: for a numeric column its raw value (NaN = missing), for a
 * text column its text (null = missing). Never fails.
 */
export function segmentOfCell(column: SegmentColumn, value: number, text: string | null): number {
  return column.kind === 'bins' ? segmentOfValue(column, value) : segmentOfText(column, text);
}

export class SegmentContactList {
  private readonly ids: string[] = [];
  private readonly probabilities: number[] = [];
  private readonly segments: number[] = [];
  private readonly names: readonly SegmentName[];

  /**
   * thresholds[s] is segment s's (a segment without one contacts nobody); capacity null means no
   * limit.
   */
  constructor(
    column: SegmentColumn,
    private readonly thresholds: ArrayLike<number>,
    private readonly payoffs: Payoffs,
    private readonly capacity: number | null,
  ) {
    this.names = segmentNames(column);
  }

  /** Considers one customer (in ID order): kept when its probability reaches its segment's threshold. */
  add(id: string, probability: number, segment: number): void {
    const threshold = this.thresholds[segment];
    if (threshold === undefined || !(probability >= threshold)) return;
    this.ids.push(id);
    this.probabilities.push(probability);
    this.segments.push(segment);
  }

  /** Customers the list holds: those kept, at most the capacity. */
  get count(): number {
    return Math.min(this.ids.length, this.capacity ?? Infinity);
  }

  /** The CSV text: header, then the customers by probability descending (ties in ID order). */
  csv(): string {
    const order = Array.from(this.ids.keys()).sort(
      (a, b) => (this.probabilities[b] ?? 0) - (this.probabilities[a] ?? 0) || a - b,
    );
    const lines = [SEGMENT_CONTACTS_HEADER];
    for (const i of order.slice(0, this.count)) {
      const probability = this.probabilities[i] ?? 0;
      const segment = this.segments[i] ?? 0;
      const name = this.names[segment];
      const decision = decide(probability, this.thresholds[segment] ?? Infinity, this.payoffs);
      lines.push(
        `${decisionLine(this.ids[i] ?? '', probability, decision)},${csvField(name === undefined ? '' : segmentText(name))}`,
      );
    }
    return lines.join('\n') + '\n';
  }
}
