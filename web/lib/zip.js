// A store-only ZIP writer (no compression: badge PNGs are compressed
// already) for the issuer page's class download. Runs in browsers and in
// Node; no dependencies. Format: PKWARE APPNOTE.TXT 6.3.x, sections 4.3
// (local headers, central directory, end of central directory) and 4.4.4
// (general purpose flag bit 11: names are UTF-8).

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, the one ZIP and PNG use) of the bytes. */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time fields of a Date (local fields, 2-second steps, 1980-2107). */
function dosDateTime(date) {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  const day = ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return { time, day };
}

const MAX_U32 = 0xffffffff;

/**
 * A ZIP archive holding the files uncompressed ("stored").
 * @param {Array<{ name: string, data: Uint8Array | string }>} files names
 *   use `/` between folders; strings are written as UTF-8
 * @param {{ date?: Date }} [options] the modification time of every entry (default: now)
 * @returns {Uint8Array}
 */
export function makeZip(files, options = {}) {
  const encoder = new TextEncoder();
  const { time, day } = dosDateTime(options.date ?? new Date());
  if (files.length > 0xffff) throw new RangeError(`a ZIP without ZIP64 holds at most 65535 files, not ${files.length}`);
  const seen = new Set();
  const entries = files.map(({ name, data }) => {
    if (typeof name !== "string" || name === "" || name.startsWith("/") || name.split("/").includes("..") || name.includes("\\")) {
      throw new TypeError(`makeZip: ${JSON.stringify(name)} is not a relative file name`);
    }
    if (seen.has(name)) throw new TypeError(`makeZip: ${JSON.stringify(name)} is given twice`);
    seen.add(name);
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`makeZip: the data of ${name} must be a Uint8Array or a string`);
    const nameBytes = encoder.encode(name);
    if (nameBytes.length > 0xffff) throw new RangeError(`makeZip: the name ${name.slice(0, 40)}... is too long`);
    return { nameBytes, bytes, crc: crc32(bytes) };
  });

  let size = 22;
  for (const e of entries) size += 30 + e.nameBytes.length + e.bytes.length + 46 + e.nameBytes.length;
  if (size > MAX_U32) throw new RangeError(`makeZip: ${size} bytes is more than a ZIP without ZIP64 holds`);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v) => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const put = (bytes) => {
    out.set(bytes, at);
    at += bytes.length;
  };
  const FLAGS = 0x0800; // bit 11: the name is UTF-8
  const common = (e) => {
    u16(FLAGS);
    u16(0); // method: stored
    u16(time);
    u16(day);
    u32(e.crc);
    u32(e.bytes.length); // compressed size
    u32(e.bytes.length); // uncompressed size
    u16(e.nameBytes.length);
    u16(0); // extra field length
  };
  for (const e of entries) {
    e.offset = at;
    u32(0x04034b50);
    u16(10); // version needed: 1.0
    common(e);
    put(e.nameBytes);
    put(e.bytes);
  }
  const directory = at;
  for (const e of entries) {
    u32(0x02014b50);
    u16(0x031e); // made by: Unix, 3.0
    u16(10);
    common(e);
    u16(0); // comment length
    u16(0); // disk number
    u16(0); // internal attributes
    u32((0o100644 << 16) >>> 0); // external attributes: a regular file, rw-r--r--
    u32(e.offset);
    put(e.nameBytes);
  }
  const directorySize = at - directory;
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(entries.length);
  u16(entries.length);
  u32(directorySize);
  u32(directory);
  u16(0); // comment length
  return out;
}
