// Reading a stream into bytes with a cap: the verification link's inflated
// credential (link.js) and a badge file fetched for a #url= link (verifier.js).

/**
 * The bytes of `stream` (a ReadableStream of Uint8Array chunks), or null as
 * soon as they pass `maxBytes` (the stream is then cancelled: nothing more
 * is read). Errors of the stream reject.
 * @param {ReadableStream<Uint8Array>} stream
 * @param {number} maxBytes
 * @returns {Promise<Uint8Array | null>}
 */
export async function readAtMost(stream, maxBytes) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
