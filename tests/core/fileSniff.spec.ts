import { describe, expect, it } from 'vitest';
import { sniffFile } from '../../src/core/records/fileSniff';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('telling what a customer file is from its first bytes', () => {
  it('recognises gzip by its magic number, whatever follows', () => {
    expect(sniffFile(bytes(0x1f, 0x8b, 0x08, 0x00))).toEqual({ kind: 'gzip' });
  });

  it('reads UTF-16 by its byte-order mark, little- or big-endian', () => {
    expect(sniffFile(bytes(0xff, 0xfe, 0x49, 0x00, 0x44, 0x00))).toEqual({
      kind: 'text',
      encoding: 'utf-16le',
    });
    expect(sniffFile(bytes(0xfe, 0xff, 0x00, 0x49, 0x00, 0x44))).toEqual({
      kind: 'text',
      encoding: 'utf-16be',
    });
  });

  it('takes text without a mark as UTF-8, with or without its own mark, and an empty file too', () => {
    expect(sniffFile(text('ID,var3\n1,2\n'))).toEqual({ kind: 'text', encoding: 'utf-8' });
    expect(sniffFile(text('\ufeffID;var3\n1;2,5\n'))).toEqual({ kind: 'text', encoding: 'utf-8' });
    expect(sniffFile(new Uint8Array(0))).toEqual({ kind: 'text', encoding: 'utf-8' });
  });

  it('calls binary a file with a NUL byte among its first bytes (an .xlsx zip, a PNG)', () => {
    expect(sniffFile(bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00))).toEqual({ kind: 'binary' });
    expect(sniffFile(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d))).toEqual(
      {
        kind: 'binary',
      },
    );
  });
});
