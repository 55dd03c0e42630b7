// Passphrase-protected key files: a JWE (RFC 7516) in compact serialisation,
// the key wrapped with PBES2-HS256+A128KW and the key file encrypted with
// A256GCM (RFC 7518 sections 4.8 and 5.3), made and read with WebCrypto
// only (PBKDF2, AES-KW, AES-GCM). The format is written down in README.md,
// "Key files"; the kiln command line reads the same files.
//
//   header    {"alg":"PBES2-HS256+A128KW","enc":"A256GCM","p2s":<16-byte salt, base64url>,"p2c":600000,"cty":"kiln-key+json"}
//   plaintext the key file exactly as `kiln keygen` writes it (UTF-8 JSON)
//   file      BASE64URL(header) "." BASE64URL(wrapped CEK) "." BASE64URL(IV) "." BASE64URL(ciphertext) "." BASE64URL(tag)

export const ALG = "PBES2-HS256+A128KW";
export const ENC = "A256GCM";
export const CTY = "kiln-key+json";
/** PBKDF2 iterations written: OWASP's figure for PBKDF2-HMAC-SHA256. */
export const P2C = 600_000;
/** Bounds on the iterations a file may ask for: RFC 7518's minimum, and a bound against a file that would keep the page busy for minutes. */
export const MIN_P2C = 1000;
export const MAX_P2C = 10_000_000;
/** A key file is small: anything larger is no key file. */
const MAX_FILE_CHARS = 64 * 1024;

const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw keyFileError("keyfile-no-crypto", "this browser offers no WebCrypto (a page served over https or from this machine has it)");
  return s;
};

function keyFileError(code, message) {
  return Object.assign(new Error(message), { code });
}

const bad = (why) => keyFileError("keyfile-malformed", `the key file is not a passphrase-protected Kiln key file: ${why}`);

export function base64url(bytes) {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64url(text, what) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw bad(`${what} is not base64url`);
  const b = atob(text.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

/** RFC 7518 4.8.1.1: the PBKDF2 salt is UTF8(alg) || 0x00 || p2s. */
function saltValue(p2s) {
  const alg = new TextEncoder().encode(ALG);
  const out = new Uint8Array(alg.length + 1 + p2s.length);
  out.set(alg, 0);
  out.set(p2s, alg.length + 1);
  return out;
}

async function keyEncryptionKey(passphrase, p2s, p2c, usages) {
  const s = subtle();
  const base = await s.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return s.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt: saltValue(p2s), iterations: p2c }, base, { name: "AES-KW", length: 128 }, false, usages);
}

/**
 * Encrypts a key file (its JSON text, as downloaded) under a passphrase:
 * the compact JWE text. `p2c` may be raised, never lowered below 600,000;
 * `salt`, `iv` and `cek` are for test vectors only (fresh random otherwise).
 * @param {string} keyText
 * @param {string} passphrase
 * @param {{ p2c?: number, salt?: Uint8Array, iv?: Uint8Array, cek?: Uint8Array }} [options]
 * @returns {Promise<string>}
 */
export async function encryptKeyFile(keyText, passphrase, options = {}) {
  if (typeof keyText !== "string") throw new TypeError("encryptKeyFile: keyText must be a string");
  if (typeof passphrase !== "string" || passphrase === "") throw keyFileError("keyfile-no-passphrase", "a passphrase is needed to protect the key file");
  const { p2c = P2C, salt, iv, cek } = options;
  if (!Number.isInteger(p2c) || p2c < P2C || p2c > MAX_P2C) throw new RangeError(`encryptKeyFile: p2c must be a whole number from ${P2C} to ${MAX_P2C}`);
  const s = subtle();
  const p2s = salt ?? crypto.getRandomValues(new Uint8Array(16));
  const nonce = iv ?? crypto.getRandomValues(new Uint8Array(12));
  const cekBytes = cek ?? crypto.getRandomValues(new Uint8Array(32));
  if (p2s.length !== 16 || nonce.length !== 12 || cekBytes.length !== 32) throw new RangeError("encryptKeyFile: salt is 16 bytes, iv 12, cek 32");
  const header = JSON.stringify({ alg: ALG, enc: ENC, p2s: base64url(p2s), p2c, cty: CTY });
  const protectedB64 = base64url(new TextEncoder().encode(header));
  const kek = await keyEncryptionKey(passphrase, p2s, p2c, ["wrapKey"]);
  const contentKey = await s.importKey("raw", cekBytes, "AES-GCM", true, ["encrypt"]);
  const wrapped = new Uint8Array(await s.wrapKey("raw", contentKey, kek, "AES-KW"));
  const sealed = new Uint8Array(await s.encrypt(
    { name: "AES-GCM", iv: nonce, additionalData: new TextEncoder().encode(protectedB64), tagLength: 128 },
    contentKey,
    new TextEncoder().encode(keyText),
  ));
  const ciphertext = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  return [protectedB64, base64url(wrapped), base64url(nonce), base64url(ciphertext), base64url(tag)].join(".");
}

/**
 * The parts of a passphrase-protected key file (compact JWE, or the same
 * JWE in flattened JSON serialisation), or null when the text is not one
 * (a plain key file, say). Throws when it is a JWE Kiln cannot read.
 */
export function parseKeyFile(text) {
  if (typeof text !== "string") return null;
  const t = text.trim();
  if (t.length > MAX_FILE_CHARS) return null;
  let parts;
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(t)) {
    parts = t.split(".");
  } else if (t.startsWith("{")) {
    let o;
    try {
      o = JSON.parse(t);
    } catch {
      return null;
    }
    if (o === null || typeof o !== "object" || typeof o.protected !== "string" || typeof o.ciphertext !== "string") return null;
    if ("unprotected" in o || "header" in o || "aad" in o || "recipients" in o) throw bad("it has members beside protected, encrypted_key, iv, ciphertext and tag");
    parts = [o.protected, o.encrypted_key ?? "", o.iv ?? "", o.ciphertext, o.tag ?? ""];
  } else {
    return null;
  }
  const [protectedB64, wrappedB64, ivB64, ciphertextB64, tagB64] = parts;
  let header;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64url(protectedB64, "the header")));
  } catch (e) {
    throw e.code ? e : bad("its header is not JSON");
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw bad("its header is not a JSON object");
  if (header.alg !== ALG) throw keyFileError("keyfile-unsupported", `the key file is encrypted with ${JSON.stringify(header.alg)}, and Kiln reads ${ALG} only`);
  if (header.enc !== ENC) throw keyFileError("keyfile-unsupported", `the key file's content is encrypted with ${JSON.stringify(header.enc)}, and Kiln reads ${ENC} only`);
  if ("crit" in header || "zip" in header) throw keyFileError("keyfile-unsupported", "the key file's header asks for an extension (crit or zip) Kiln does not read");
  if (header.cty !== undefined && header.cty !== CTY) throw keyFileError("keyfile-unsupported", `the encrypted content is ${JSON.stringify(header.cty)}, not a Kiln key file (${CTY})`);
  if (!Number.isInteger(header.p2c) || header.p2c < MIN_P2C || header.p2c > MAX_P2C) throw bad(`p2c (the iteration count) must be a whole number from ${MIN_P2C} to ${MAX_P2C}`);
  const p2s = fromBase64url(header.p2s, "p2s");
  if (p2s.length < 8) throw bad("p2s (the salt) is shorter than 8 bytes");
  const wrapped = fromBase64url(wrappedB64, "the encrypted key");
  const iv = fromBase64url(ivB64, "the IV");
  const ciphertext = fromBase64url(ciphertextB64, "the ciphertext");
  const tag = fromBase64url(tagB64, "the tag");
  if (wrapped.length !== 40) throw bad("the encrypted key is not 40 bytes (an AES-KW-wrapped 256-bit key)");
  if (iv.length !== 12) throw bad("the IV is not 12 bytes");
  if (tag.length !== 16) throw bad("the tag is not 16 bytes");
  return { protectedB64, header, p2s, wrapped, iv, ciphertext, tag };
}

/** Whether the text is a passphrase-protected key file (for a plain one, false). */
export function isEncryptedKeyFile(text) {
  try {
    return parseKeyFile(text) !== null;
  } catch {
    return true; // a JWE, though one Kiln cannot read: decryptKeyFile says why
  }
}

/**
 * The key file's JSON text from a passphrase-protected key file. Rejects
 * with `code` `keyfile-passphrase` when the passphrase is wrong (or the file
 * was changed: AES-KW and AES-GCM cannot tell the two apart),
 * `keyfile-malformed` or `keyfile-unsupported` otherwise.
 * @param {string} text
 * @param {string} passphrase
 * @returns {Promise<string>}
 */
export async function decryptKeyFile(text, passphrase) {
  const jwe = parseKeyFile(text);
  if (jwe === null) throw bad("it is not a JWE");
  if (typeof passphrase !== "string" || passphrase === "") throw keyFileError("keyfile-no-passphrase", "the key file is protected by a passphrase: enter it");
  const s = subtle();
  const kek = await keyEncryptionKey(passphrase, jwe.p2s, jwe.header.p2c, ["unwrapKey"]);
  let contentKey;
  try {
    contentKey = await s.unwrapKey("raw", jwe.wrapped, kek, "AES-KW", "AES-GCM", false, ["decrypt"]);
  } catch {
    throw keyFileError("keyfile-passphrase", "the passphrase is wrong, or the key file was changed");
  }
  const sealed = new Uint8Array(jwe.ciphertext.length + 16);
  sealed.set(jwe.ciphertext, 0);
  sealed.set(jwe.tag, jwe.ciphertext.length);
  let plain;
  try {
    plain = await s.decrypt({ name: "AES-GCM", iv: jwe.iv, additionalData: new TextEncoder().encode(jwe.protectedB64), tagLength: 128 }, contentKey, sealed);
  } catch {
    throw keyFileError("keyfile-passphrase", "the key file was changed after it was encrypted (its content does not match its tag)");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    throw bad("the decrypted key file is not UTF-8 text");
  }
}
