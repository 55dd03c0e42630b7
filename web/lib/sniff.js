// Which picture some bytes are, read from their first bytes only: the one
// test the pages and the widget use before showing a badge as an image.

/** The eight bytes every PNG file starts with. */
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The MIME type of each kind `imageKind` returns. */
export const IMAGE_TYPES = Object.freeze({ png: "image/png", svg: "image/svg+xml" });

/**
 * "png" or "svg" when the bytes are an image the page may show, else null.
 * Only the first 4 KB are looked at, so callers may pass just those.
 * @param {Uint8Array} bytes
 * @returns {"png" | "svg" | null}
 */
export function imageKind(bytes) {
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "png";
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 4096));
  return /<svg[\s>]/i.test(head) ? "svg" : null;
}

/** Pictures larger than this are drawn only on request (the browser reads them on the main thread). */
export const MAX_PICTURE_BYTES = 1024 * 1024;
