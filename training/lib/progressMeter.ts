/**
 * One stage's progress on stderr, so that stdout stays the report. On a terminal: one line,
 * rewritten in place, with the counts and the time left at the pace so far. Elsewhere (CI, a log
 * file): a plain line at every tenth of the way, and one at the end.
 */

export interface ProgressMeter {
  /** `done` of the stage's total so far; `detail` is shown after the time left. */
  update(done: number, detail?: string): void;
  /** Ends the line (on a terminal) with the final count. */
  finish(detail?: string): void;
}

export interface MeterOptions {
  /** What is counted, plural ("rows", "epochs"); null for a share of the whole ("45% of the file"). */
  readonly unit: string | null;
  /** The total is a bound that the stage may stop short of (towers stop early): "at most". */
  readonly bound?: boolean;
  /** Milliseconds now; Date.now by default (tests pass a clock). */
  readonly now?: () => number;
}

const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * The text of a progress line: "• scoring: 34,120 of 75,818 rows (45%), about 3 s left", or with no
 * unit "• scoring customers.csv: 45% of the file, about 3 s left". The time
 * left is the elapsed time scaled by what remains over what is done; unknown before anything is
 * done. A total of 0 reads as done. `finished`: the closing line, with the count and the time taken.
 */
export function meterLine(
  label: string,
  done: number,
  total: number,
  elapsedMs: number,
  options: Pick<MeterOptions, 'unit' | 'bound'>,
  detail?: string,
  finished = false,
): string {
  const tail = detail === undefined ? '' : `; ${detail}`;
  const took = `done in ${formatSeconds(elapsedMs / 1000)}`;
  if (finished) {
    if (options.unit === null) return `• ${label}: ${took}${tail}`;
    const most = options.bound === true ? ` (at most ${thousands(total)})` : '';
    return `• ${label}: ${thousands(done)} ${options.unit}${most}, ${took}${tail}`;
  }
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const percent = `${Math.floor(share * 100)}%`;
  const of =
    options.unit === null
      ? `${percent} of the file`
      : `${thousands(done)} of ${options.bound === true ? 'at most ' : ''}${thousands(total)} ${options.unit} (${percent})`;
  const left =
    share >= 1
      ? 'done'
      : done <= 0
        ? 'time left not known yet'
        : `${options.bound === true ? 'at most' : 'about'} ${formatSeconds(((elapsedMs / 1000) * (1 - share)) / share)} left`;
  return `• ${label}: ${of}, ${left}${tail}`;
}

/** "42 s", "3 min 5 s", "1 h 2 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** A meter for `total` units of work on `stream`. */
export function createMeter(
  stream: { write(text: string): unknown; readonly isTTY?: boolean },
  label: string,
  total: number,
  options: MeterOptions,
): ProgressMeter {
  const now = options.now ?? Date.now;
  const started = now();
  const live = stream.isTTY === true;
  let drawnAt = -Infinity;
  let tenth = 0;
  let done = 0;
  let finished = false;
  const line = (detail?: string, end = false) =>
    meterLine(label, done, total, now() - started, options, detail, end);
  return {
    update(value, detail) {
      if (finished) return;
      done = value;
      if (live) {
        if (now() - drawnAt < 100) return;
        drawnAt = now();
        stream.write(`\r\x1b[2K${line(detail)}`);
        return;
      }
      const reached = total > 0 ? Math.floor((10 * Math.min(done, total)) / total) : 10;
      if (reached > tenth && reached < 10) {
        tenth = reached;
        stream.write(`${line(detail)}\n`);
      }
    },
    finish(detail) {
      if (finished) return;
      finished = true;
      stream.write(`${live ? '\r\x1b[2K' : ''}${line(detail, true)}\n`);
    },
  };
}
