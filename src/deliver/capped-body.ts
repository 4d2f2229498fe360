/**
 * An HTTP answer's body, read no further than a cap: a policy file, a page of attestations or a
 * bundle larger than any real one is refused as soon as it is over, never buffered whole.
 */

/**
 * The body of `response`, or the error `tooLarge` makes once it is over `maxBytes` (a declared
 * Content-Length over it is refused unread). `size` says how large, as the message should.
 */
export async function readCappedBody(response: Response, maxBytes: number, tooLarge: (size: string) => Error): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(`${declared} bytes`);
  }
  if (response.body === null) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let length = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`over ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, length);
}
