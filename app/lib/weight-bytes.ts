/**
 * The submission payload: the flat Float32 weights as little-endian bytes in a fresh ArrayBuffer
 * (PROTOCOL.md). DataView fixes the byte order whatever the machine's endianness.
 */

/** @example weightBytes(new Float32Array([1])).byteLength // 4 */
export function weightBytes(weights: Float32Array): ArrayBuffer {
  const out = new ArrayBuffer(weights.length * 4);
  const view = new DataView(out);
  for (let i = 0; i < weights.length; i++) view.setFloat32(i * 4, weights[i], true);
  return out;
}
