/**
 * An incremental CSV reader (RFC 4180 plus what spreadsheets emit): quoted fields with doubled
 * quotes, CRLF or LF line ends, a UTF-8 byte-order mark, and ',' ';' or tab separators detected
 * from the header line. It takes text in chunks of any size, so a file never has to be in memory
 * whole.
 */

export type CsvDelimiter = ',' | ';' | '\t';

/** Picks the separator that splits the header line into the most fields; ',' when none appears. */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  const candidates: CsvDelimiter[] = [',', ';', '\t'];
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const candidate of candidates) {
    let count = 0;
    let quoted = false;
    for (const ch of headerLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === candidate) count++;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** A record as it stood in the file: its 1-based line number and its fields as text. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Feed chunks with push(); each call returns the records completed so far. finish() flushes the
 * last record (a file need not end with a newline). Blank lines are skipped. The delimiter is
 * fixed at construction or detected from the first line.
 */
export class CsvReader {
  private delimiter: CsvDelimiter | null;
  private buffer = '';
  private line = 1;
  private started = false;

  constructor(delimiter?: CsvDelimiter) {
    this.delimiter = delimiter ?? null;
  }

  /** The separator in use, or null before the first line was seen. */
  get separator(): CsvDelimiter | null {
    return this.delimiter;
  }

  /** Adds text; returns completed records. An empty chunk returns []. */
  push(chunk: string): CsvRecord[] {
    if (!this.started) {
      if (chunk.length === 0) return [];
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      this.started = true;
    }
    this.buffer += chunk;
    return this.drain(false);
  }

  /** Ends the input; returns the last record if the text did not end with a newline. */
  finish(): CsvRecord[] {
    return this.drain(true);
  }

  private drain(final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    const text = this.buffer;
    let pos = 0;
    for (;;) {
      const parsed = this.parseRecord(text, pos, final);
      if (parsed === null) break;
      pos = parsed.next;
      const startLine = this.line;
      this.line += parsed.newlines;
      const only = parsed.fields[0];
      if (parsed.fields.length === 1 && (only === undefined || only === '')) continue;
      records.push({ line: startLine, fields: parsed.fields });
      if (pos >= text.length) break;
    }
    this.buffer = text.slice(pos);
    return records;
  }

  /** Parses one record at pos, or returns null when the text ends before the record does. */
  private parseRecord(
    text: string,
    pos: number,
    final: boolean,
  ): { fields: string[]; next: number; newlines: number } | null {
    if (pos >= text.length) return null;
    if (this.delimiter === null) {
      const end = text.indexOf('\n', pos);
      if (end < 0 && !final) return null;
      this.delimiter = detectDelimiter(text.slice(pos, end < 0 ? text.length : end));
    }
    const delimiter = this.delimiter;
    const delimiterCode = delimiter.charCodeAt(0);
    const fields: string[] = [];
    let newlines = 0;
    let i = pos;
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        // Quoted field: runs to the next lone quote.
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            if (!final) return null;
            value += text.slice(j);
            j = text.length;
            break;
          }
          value += text.slice(j, q);
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
            continue;
          }
          if (q + 1 >= text.length && !final) return null;
          j = q + 1;
          break;
        }
        for (const ch of value) if (ch === '\n') newlines++;
        i = j;
        // Anything between the closing quote and the separator is kept as text.
        while (i < text.length) {
          const c = text.charCodeAt(i);
          if (c === delimiterCode || c === 10 || c === 13) break;
          i++;
        }
        fields.push(value + text.slice(j, i));
      } else {
        let j = i;
        while (j < text.length) {
          const c = text.charCodeAt(j);
          if (c === delimiterCode || c === 10 || c === 13) break;
          j++;
        }
        if (j >= text.length && !final) return null;
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i >= text.length) {
        if (!final) return null;
        return { fields, next: i, newlines };
      }
      const ch = text.charCodeAt(i);
      if (ch === delimiterCode) {
        i++;
        continue;
      }
      // End of record: \n, \r\n or a lone \r.
      if (ch === 13) {
        if (i + 1 >= text.length && !final) return null;
        i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      } else {
        i++;
      }
      newlines++;
      return { fields, next: i, newlines };
    }
  }
}

/** Parses a whole CSV text at once. Empty text gives []. */
export function parseCsv(text: string, delimiter?: CsvDelimiter): CsvRecord[] {
  const reader = new CsvReader(delimiter);
  return [...reader.push(text), ...reader.finish()];
}

/** Quotes a field for CSV output when it holds a separator, a quote or a line break. */
export function csvField(value: string, delimiter: CsvDelimiter = ','): string {
  if (
    value.includes(delimiter) ||
    value.includes('"') ||
    value.includes('\n') ||
    value.includes('\r')
  ) {
    return '"' + value.replaceAll('"', '""') + '"';
  }
  return value;
}
