// Verification links: a whole credential in the URL's fragment, which
// browsers never send to a server, so a link verifies with no server
// holding the badge. The same format as kiln-core's `share` module
// (crates/kiln-core/src/share.rs) and `kiln link`:
//
//   BASE#c=1<base64url, no padding, of the raw DEFLATE stream of the payload>
//
// `1` is the format version (one character). The payload is the credential's
// JSON written compactly (whitespace between tokens removed; members, their
// order and number texts kept) or a compact JWS as it is. A second form,
// `#url=<URL-encoded https URL>`, names a baked image or credential for the
// verify page to fetch.
//
//   import { makeLink, readFragment } from "./lib/link.js";
//   const link = await makeLink(credentialText, "https://example.org/verify/");
//   const bytes = await readFragment(location.hash, limits.maxPayloadBytes);
//
// Errors carry a `code` as kiln-core's do: link-malformed, link-version,
// link-too-large.
import { readAtMost } from "./stream.js";

/** The format version this page writes and reads. */
export const LINK_VERSION = "1";

/** Where `kiln link` points by default: the verify page as `npm start` serves it. */
export const DEFAULT_BASE = "http://127.0.0.1:8080/";

/**
 * Links longer than this are too long to share well: the page says so and
 * offers the file instead. 2,000 characters is about the longest URL that
 * browsers, chat apps, mail clients and link previews all carry whole, and a
 * QR code of 2,000 bytes needs version 30 or more (over 137 modules a side),
 * far past what prints legibly on a certificate. The same figure as
 * kiln-core's `share::SHAREABLE_LINK_CHARS`.
 */
export const SHAREABLE_LINK_CHARS = 2000;

function linkError(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

/**
 * The JSON text without the whitespace between its tokens; strings are
 * copied as they are, escapes included. The text must be JSON that parses.
 * @param {string} text
 */
export function compactJson(text) {
  let out = "";
  let inString = false;
  let escaped = false;
  let start = 0;
  // Copy runs of kept characters at once.
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return out + text.slice(start);
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function base64urlEncode(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(bytes.length - i, 3) + 1;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Strict unpadded base64url, as kiln-core reads it; null for anything else. */
function base64urlDecode(text) {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 4) * 3 + Math.max(0, (text.length % 4) - 1));
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const group = text.slice(i, i + 4);
    let acc = 0;
    for (const ch of group) {
      const v = ALPHABET.indexOf(ch);
      if (v < 0) return null;
      acc = acc * 64 + v;
    }
    if (group.length === 4) {
      out[o++] = acc >> 16; out[o++] = (acc >> 8) & 255; out[o++] = acc & 255;
    } else if (group.length === 3) {
      if (acc & 3) return null;
      out[o++] = acc >> 10; out[o++] = (acc >> 2) & 255;
    } else {
      if (acc & 15) return null;
      out[o++] = acc >> 4;
    }
  }
  return out;
}

async function deflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The payload a badge carries, as the link holds it: JSON compactly, a
 * compact JWS or an http(s) URL (an OB 2.0 hosted assertion) as it is.
 * Throws with a reason for anything else.
 * @param {string | Uint8Array} payload
 */
export function linkPayload(payload) {
  let text;
  try {
    text = typeof payload === "string" ? payload : new TextDecoder("utf-8", { fatal: true }).decode(payload);
  } catch {
    throw linkError("payload-unknown", "the payload is not UTF-8 text, so it is not a credential");
  }
  text = text.trim();
  if (text === "") throw linkError("payload-empty", "the badge payload is empty");
  if (text.startsWith("{")) {
    try {
      JSON.parse(text);
    } catch (e) {
      throw linkError("payload-json", `the credential is not valid JSON: ${e.message}`);
    }
    return compactJson(text);
  }
  // As kiln-core's classify: a compact JWS (VC-JWT, OB 2.0 signed) or an OB 2.0 hosted assertion's URL.
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(text) && !/^https?:\/\/\S+$/.test(text)) {
    throw linkError("payload-unknown", "the payload is neither JSON, a compact JWS nor an http(s) URL");
  }
  return text;
}

/**
 * The verification link of a credential (its JSON text or compact JWS, as
 * found in a badge) at `base`: `base#c=1...`.
 * @param {string | Uint8Array} payloadText
 * @param {string} [base] the verify page's address, without a fragment
 * @returns {Promise<string>}
 */
export async function makeLink(payloadText, base = DEFAULT_BASE) {
  if (typeof base !== "string" || base.includes("#")) {
    throw linkError("link-malformed", `the link's base ${base} must be the page's address without a fragment (#)`);
  }
  const text = linkPayload(payloadText);
  const deflated = await deflateRaw(new TextEncoder().encode(text));
  return `${base}#c=${LINK_VERSION}${base64urlEncode(deflated)}`;
}

/**
 * What a page's fragment asks for: `{ kind: "credential" }` for `#c=...`,
 * `{ kind: "url", url }` for `#url=...` (https only: anything else throws
 * with the reason), or null for any other fragment (none of Kiln's).
 * @param {string} hash location.hash, with or without the leading "#"
 */
export function parseFragment(hash) {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  if (fragment.startsWith("c=")) return { kind: "credential" };
  if (!fragment.startsWith("url=")) return null;
  let text;
  try {
    text = decodeURIComponent(fragment.slice(4));
  } catch {
    throw linkError("link-malformed", "the link's url= is not URL-encoded text");
  }
  let url;
  try {
    url = new URL(text);
  } catch {
    throw linkError("link-malformed", `the link's url= is not a URL: ${text}`);
  }
  if (url.protocol !== "https:") {
    throw linkError("link-malformed", `the link asks to fetch ${text}, but only https addresses are fetched from a link (${url.protocol.replace(/:$/, "")} is not)`);
  }
  return { kind: "url", url: url.href };
}

/**
 * The payload a verification link's fragment carries (`#c=1...`, with or
 * without "#"), inflated to at most `maxBytes` bytes (the module's
 * limits().maxPayloadBytes). Throws with a code: link-version (a newer Kiln
 * made the link), link-too-large, link-malformed (anything else).
 * @param {string} hash
 * @param {number} maxBytes
 * @returns {Promise<Uint8Array>}
 */
export async function readFragment(hash, maxBytes) {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new RangeError("readFragment: maxBytes must be a whole number of bytes");
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  if (fragment.startsWith("url=")) {
    throw linkError("link-malformed", "the link names a badge to fetch (#url=...), not a credential carried in the link (#c=...)");
  }
  if (!fragment.startsWith("c=")) {
    throw linkError("link-malformed", "the link's fragment does not start with c= (a credential) or url= (a badge to fetch), so it is not a Kiln verification link");
  }
  const version = fragment.charAt(2);
  if (version !== LINK_VERSION) {
    if (/^[0-9]$/.test(version)) {
      throw linkError("link-version", `the verification link is in format version ${version}, which this Kiln does not read (it reads version ${LINK_VERSION}): it was made by a newer Kiln`);
    }
    throw linkError("link-malformed", "the link's fragment has no format version after c=");
  }
  const encoded = fragment.slice(3);
  if (encoded === "") throw linkError("link-malformed", "the link's fragment carries no credential after c=1");
  const deflated = base64urlDecode(encoded);
  if (deflated === null) {
    const at = encoded.search(/[^A-Za-z0-9_-]/);
    throw linkError("link-malformed", at >= 0
      ? `the link's credential is not base64url: character ${at + 1} after c=1 is not in its alphabet (was the link cut or changed?)`
      : "the link's credential is not base64url: its length or last character cannot end base64url (was the link cut?)");
  }
  const payload = await inflateCapped(deflated, maxBytes);
  if (payload.length === 0) throw linkError("link-malformed", "the link's credential is empty");
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(payload);
  } catch {
    throw linkError("link-malformed", "the link's credential is not UTF-8 text");
  }
  return payload;
}

/** Inflates a raw DEFLATE stream, stopping (and refusing) past maxBytes. */
async function inflateCapped(deflated, maxBytes) {
  let out;
  try {
    out = await readAtMost(new Blob([deflated]).stream().pipeThrough(new DecompressionStream("deflate-raw")), maxBytes);
  } catch (e) {
    throw linkError("link-malformed", `the link's credential is not a DEFLATE stream that can be read (${e?.message ?? e}); was the link cut or changed?`);
  }
  if (out === null) throw linkError("link-too-large", `the link's credential inflates to more than ${maxBytes} bytes (max_payload_bytes)`);
  return out;
}
