/** Growable byte writer and a reader: varints, zig-zag integers, float64 and UTF-8 strings. */

export class ByteWriter {
  private buffer = new Uint8Array(1 << 16);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  /** Unsigned LEB128 varint of a non-negative integer up to 2^53. */
  varint(value: number): void {
    this.ensure(8);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  /** Signed integer as a zig-zag varint (|value| < 2^52). */
  zigzag(value: number): void {
    this.varint(value < 0 ? -2 * value - 1 : 2 * value);
  }

  float64(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  uint32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** A length-prefixed UTF-8 string. */
  string(text: string): void {
    const encoded = utf8Encode(text);
    this.varint(encoded.length);
    this.bytes(encoded);
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** Reading past the end throws RangeError: the bytes are truncated or not of this format. */
export class ByteReader {
  private readonly view: DataView;
  offset = 0;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.offset >= this.data.length) throw new RangeError('truncated varint');
      const byte = this.data[this.offset++] ?? 0;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
    }
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  float64(): number {
    if (this.remaining < 8) throw new RangeError('truncated float64');
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  uint32(): number {
    if (this.remaining < 4) throw new RangeError('truncated uint32');
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  bytes(length: number): Uint8Array {
    if (this.remaining < length) throw new RangeError('truncated bytes');
    const out = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  string(): string {
    return utf8Decode(this.bytes(this.varint()));
  }
}

/** UTF-8 bytes of a string (core has no TextEncoder: it runs with the ES library only). */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000)
      out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      out.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return Uint8Array.from(out);
}

/** The string of UTF-8 bytes; a malformed or cut sequence becomes U+FFFD. */
export function utf8Decode(bytes: Uint8Array): string {
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need = b < 0x80 ? 0 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (need < 0 || i + need >= bytes.length) {
      text += need === 0 ? String.fromCharCode(b) : '\ufffd';
      i++;
      continue;
    }
    let code = need === 0 ? b : b & (0x3f >> need);
    for (let k = 1; k <= need; k++) code = (code << 6) | ((bytes[i + k] ?? 0) & 63);
    text += String.fromCodePoint(code);
    i += need + 1;
  }
  return text;
}
