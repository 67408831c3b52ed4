/** Base64 (RFC 4648, with padding) of bytes, and typed arrays through it: for compact JSON files. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE_OF = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;

/** Base64 text of bytes; no bytes give ''. Never fails. */
export function base64Encode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let line = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const left = bytes.length - i;
    line +=
      (ALPHABET[a >> 2] ?? '') +
      (ALPHABET[((a & 3) << 4) | (b >> 4)] ?? '') +
      (left > 1 ? (ALPHABET[((b & 15) << 2) | (c >> 6)] ?? '') : '=') +
      (left > 2 ? (ALPHABET[c & 63] ?? '') : '=');
    if (line.length >= 4096) {
      parts.push(line);
      line = '';
    }
  }
  parts.push(line);
  return parts.join('');
}

/** Bytes of base64 text, or null when it is not base64 (bad length or character). */
export function base64Decode(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const quad = [0, 1, 2, 3].map((j) => {
      const code = text.charCodeAt(i + j);
      return text[i + j] === '=' && i + j >= text.length - padding ? 0 : (VALUE_OF[code] ?? -1);
    });
    if (quad.some((v) => v < 0)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = quad;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = bits >> 16;
    if (o < out.length) out[o++] = (bits >> 8) & 255;
    if (o < out.length) out[o++] = bits & 255;
  }
  return out;
}

/** Base64 of float32 values, little-endian. */
export function float32ToBase64(values: ArrayLike<number>): string {
  const array = Float32Array.from(values);
  const view = new DataView(array.buffer);
  for (let i = 0; i < array.length; i++) view.setFloat32(i * 4, array[i] ?? 0, true);
  return base64Encode(new Uint8Array(array.buffer));
}

/** Float32 values of base64 text written by float32ToBase64, or null when it is not that. */
export function float32FromBase64(text: string): Float32Array | null {
  const bytes = base64Decode(text);
  if (bytes === null || bytes.length % 4 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
