/**
 * Progress on stderr: on a terminal, one line rewritten in place with the counts and the time
 * left; elsewhere, a plain line at every tenth and a closing line.
 */
import { describe, expect, it } from 'vitest';
import { createMeter, formatSeconds, meterLine } from '../../training/lib/progressMeter';

/** A stream that keeps what is written, a terminal or not. */
function sink(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('a progress line', () => {
  it('gives the count, the share and the time left at the pace so far', () => {
    expect(meterLine('scoring', 25_000, 100_000, 5_000, { unit: 'rows' })).toBe(
      '• scoring: 25,000 of 100,000 rows (25%), about 15 s left',
    );
    expect(meterLine('scoring x.csv', 0.4, 1, 6_000, { unit: null }, '3,000 rows read')).toBe(
      '• scoring x.csv: 40% of the file, about 9 s left; 3,000 rows read',
    );
    // Towers stop early: the total is a bound, and so is the time left.
    expect(
      meterLine('training the towers', 300, 1_200, 20_000, { unit: 'epochs', bound: true }),
    ).toBe('• training the towers: 300 of at most 1,200 epochs (25%), at most 1 min 0 s left');
    expect(meterLine('scoring', 0, 10, 1_000, { unit: 'rows' })).toBe(
      '• scoring: 0 of 10 rows (0%), time left not known yet',
    );
    expect(
      meterLine(
        'training the towers',
        450,
        1_200,
        61_000,
        { unit: 'epochs', bound: true },
        undefined,
        true,
      ),
    ).toBe('• training the towers: 450 epochs (at most 1,200), done in 1 min 1 s');
    expect(formatSeconds(3_725)).toBe('1 h 2 min');
  });

  it('prints a plain line at every tenth, then a closing one, when stderr is not a terminal', () => {
    let now = 0;
    const stream = sink(false);
    const meter = createMeter(stream, 'scoring', 100, { unit: 'rows', now: () => now });
    for (let done = 1; done <= 100; done++) {
      now += 10;
      meter.update(done);
    }
    meter.finish();
    expect(stream.written).toHaveLength(10);
    expect(stream.written[0]).toBe('• scoring: 10 of 100 rows (10%), about 1 s left\n');
    expect(stream.written.every((line) => !line.includes('\x1b') && line.endsWith('\n'))).toBe(
      true,
    );
    expect(stream.written[9]).toBe('• scoring: 100 rows, done in 1 s\n');
  });

  it('rewrites one line in place on a terminal, at most ten times a second', () => {
    let now = 0;
    const stream = sink(true);
    const meter = createMeter(stream, 'scoring', 1_000, { unit: 'rows', now: () => now });
    for (let done = 1; done <= 1_000; done++) {
      now += 1;
      meter.update(done);
    }
    meter.finish();
    expect(stream.written.length).toBe(11);
    expect(
      stream.written.slice(0, -1).every((text) => text.startsWith('\r\x1b[2K• scoring: ')),
    ).toBe(true);
    expect(stream.written.slice(0, -1).some((text) => text.includes('\n'))).toBe(false);
    expect(stream.written.at(-1)).toBe('\r\x1b[2K• scoring: 1,000 rows, done in 1 s\n');
  });
});
