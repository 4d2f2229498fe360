declare module 'snappyjs' {
  /** Raw Snappy (no framing); throws when the declared length is over `maxLength` or the stream is corrupt. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
  const snappy: { uncompress: typeof uncompress; compress: typeof compress };
  export default snappy;
}
