/**
 * 64-bit FNV-1a hash of a string's UTF-16 code units, as 16 lowercase hex digits. Used for schema
 * hashes and dataset fingerprints; it is not a cryptographic hash. The empty string hashes to the
 * FNV offset basis, "cbf29ce484222325".
 */
export function fnv1a64(text: string): string {
  return new Fnv1a64().update(text).digest();
}

/** Incremental FNV-1a 64 over text chunks: feeding "ab" then "c" equals fnv1a64("abc"). */
export class Fnv1a64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;

  /** Adds a chunk of text; an empty chunk changes nothing. */
  update(text: string): this {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < text.length; i++) {
      lo ^= text.charCodeAt(i);
      const loProduct = lo * 0x1b3;
      const carry = Math.floor(loProduct / 4294967296);
      const newLo = loProduct >>> 0;
      hi = (Math.imul(hi, 0x1b3) + Math.imul(lo, 0x100) + carry) >>> 0;
      lo = newLo;
    }
    this.hi = hi;
    this.lo = lo;
    return this;
  }

  /** The hash so far, as 16 hex digits. */
  digest(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}
