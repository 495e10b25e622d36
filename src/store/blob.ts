/** A Float64Array as a SQLite blob (its bytes, not a copy). */
export const blobOf = (values: Float64Array): Buffer =>
  Buffer.from(values.buffer, values.byteOffset, values.byteLength);

/** A stored Float64Array, copied out of SQLite's buffer (which need not be 8-byte aligned). */
export function float64sOf(blob: Uint8Array): Float64Array {
  const values = new Float64Array(Math.floor(blob.byteLength / 8));
  new Uint8Array(values.buffer).set(blob.subarray(0, values.byteLength));
  return values;
}
