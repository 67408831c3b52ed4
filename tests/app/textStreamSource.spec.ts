import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { TextStreamSource } from '../../src/features/inference/textStreamSource';

/** A web stream that yields the given text pieces one by one. */
function streamOf(pieces: readonly string[]): {
  stream: ReadableStream<string>;
  pulled: () => number;
} {
  let next = 0;
  const stream = new ReadableStream<string>({
    pull(controller) {
      const piece = pieces[next++];
      if (piece === undefined) controller.close();
      else controller.enqueue(piece);
    },
  });
  return { stream, pulled: () => next };
}

function parse(source: TextStreamSource, onChunk?: (rows: string[][], abort: () => void) => void) {
  return new Promise<string[][]>((resolve, reject) => {
    const rows: string[][] = [];
    Papa.parse<string[]>(source as unknown as File, {
      header: false,
      skipEmptyLines: 'greedy',
      chunk(results, parser) {
        rows.push(...results.data);
        onChunk?.(results.data, () => {
          parser.abort();
        });
      },
      complete() {
        resolve(rows);
      },
      error(error) {
        reject(error);
      },
    });
  });
}

describe('a stream of decompressed text, read by papaparse piece by piece', () => {
  it('gives the rows of the whole text, whatever the pieces cut through', async () => {
    const text = 'ID,name,var3\r\n1,"Silva, Ana",2\r\n2,"two\nlines",3\r\n3,"quote ""x""",4\r\n';
    const pieces = [
      'ID,na',
      'me,var3\r',
      '\n1,"Silva',
      ', Ana",2\r\n2,"two\n',
      'lines",3\r\n3,"quote ""',
      'x""",4\r\n',
    ];
    expect(pieces.join('')).toBe(text);
    const { stream } = streamOf(pieces);
    expect(await parse(new TextStreamSource(stream.getReader()))).toEqual([
      ['ID', 'name', 'var3'],
      ['1', 'Silva, Ana', '2'],
      ['2', 'two\nlines', '3'],
      ['3', 'quote "x"', '4'],
    ]);
  });

  it('stops reading the stream once the parse is aborted', async () => {
    const pieces = Array.from({ length: 1000 }, (_, i) => `${i},${i * 2}\n`);
    const { stream } = streamOf(pieces);
    const source = new TextStreamSource(stream.getReader());
    const rows = await parse(source, (_, abort) => {
      abort();
      source.stop();
    });
    // The first piece papaparse sees holds every line here (less than 64 kB in all); one chunk.
    expect(rows).toHaveLength(1000);
    const long = Array.from({ length: 20_000 }, (_, i) => `${i},${'x'.repeat(20)}\n`);
    const big = streamOf(long);
    const bigSource = new TextStreamSource(big.stream.getReader());
    const firstChunk = await parse(bigSource, (_, abort) => {
      abort();
      bigSource.stop();
    });
    await new Promise((r) => setTimeout(r, 20));
    // About 64 kB of 20,000 lines of 27 characters: some 2,400 lines read, not all of them.
    expect(firstChunk.length).toBeGreaterThan(2000);
    expect(big.pulled()).toBeLessThan(3000);
  });
});
