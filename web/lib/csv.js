// A small CSV reader (RFC 4180) for the issuer page's class issuance, and
// the recipients' rules the CLI's `kiln issue` follows: a `name` column, an
// optional `email` column, every other column a `custom.<column>` value.
// Runs in browsers and in Node; no dependencies.

/** A CSV syntax error, with the 1-based line where it was found. */
export class CsvError extends Error {
  constructor(message, line) {
    super(`line ${line}: ${message}`);
    this.name = "CsvError";
    this.code = "csv-malformed";
    this.line = line;
  }
}

/**
 * Splits CSV text into records (arrays of fields). Accepts a UTF-8 byte
 * order mark, CRLF, LF or CR line ends, quoted fields with `""` for a quote
 * and line breaks inside quotes; a quote inside an unquoted field is kept as
 * it is (as spreadsheet programs do). An unclosed quoted field, or text after
 * the closing quote, is a CsvError naming the line. Lines that are entirely empty are skipped.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  if (typeof text !== "string") throw new TypeError("parseCsv: expected a string");
  const s = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records = [];
  let record = [];
  let field = "";
  let line = 1;
  let i = 0;
  let quotedField = false;
  const endField = () => {
    record.push(field);
    field = "";
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === "" && !quotedEmpty)) records.push(record);
    record = [];
    quotedEmpty = false;
  };
  let quotedEmpty = false;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' && field === "" && !quotedField) {
      // A quoted field: runs to the next quote that is not doubled.
      const opened = line;
      quotedField = true;
      quotedEmpty = record.length === 0;
      i++;
      for (;;) {
        if (i >= s.length) throw new CsvError("a quoted field is not closed", opened);
        const q = s[i];
        if (q === '"') {
          if (s[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === "\n" || (q === "\r" && s[i + 1] !== "\n")) line++;
        field += q;
        i++;
      }
      const next = s[i];
      if (next !== undefined && next !== "," && next !== "\r" && next !== "\n") {
        throw new CsvError(`text after the closing quote of a field (${JSON.stringify(next)})`, line);
      }
      continue;
    }
    if (c === ",") {
      endField();
      i++;
    } else if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && s[i + 1] === "\n" ? 2 : 1;
      line++;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== "" || record.length > 0 || quotedField) endRecord();
  return records;
}

/** A CSV field for writing: quoted when it holds a comma, quote or line break. */
export function csvField(value) {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One line of CSV (without the line end). */
export function csvLine(fields) {
  return fields.map(csvField).join(",");
}

/** A plain check, as the CLI does: one `@`, text before it, a dotted domain after it, no spaces. */
export function validEmail(e) {
  const at = e.indexOf("@");
  if (at <= 0) return false;
  const domain = e.slice(at + 1);
  return !domain.includes("@") && domain.includes(".") && !domain.startsWith(".") && !domain.endsWith(".") && !/[\s\p{Cc}]/u.test(e);
}

/**
 * Reads a recipients CSV: a header row with `name` (any case), optionally
 * `email`, and other columns that become `custom.<column>` template values
 * (the column name lower-cased, characters other than ASCII letters, digits
 * and `-` turned into `_`). Fields are trimmed. A row that cannot be used is
 * `{ number, error }` so the others can still be issued.
 * @param {string} text
 * @returns {{ headers: string[], rows: Array<{ number: number, name: string, email?: string, custom: Record<string, string> } | { number: number, error: string }> }}
 */
export function readRecipients(text) {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) throw Object.assign(new Error("the CSV is empty: it needs a header row with a \"name\" column"), { code: "csv-empty" });
  const headers = header.map((h) => h.trim().toLowerCase());
  const nameCol = headers.indexOf("name");
  if (nameCol < 0) {
    throw Object.assign(new Error(`the header row has no "name" column (it has: ${headers.join(", ")})`), { code: "csv-no-name" });
  }
  const emailCol = headers.indexOf("email");
  const customCols = [];
  headers.forEach((h, i) => {
    if (i !== nameCol && i !== emailCol) customCols.push([i, `custom.${h.replace(/[^A-Za-z0-9-]/g, "_")}`]);
  });
  const rows = records.map((r, index) => {
    const number = index + 1;
    if (r.length !== headers.length) return { number, error: `has ${r.length} fields; the header has ${headers.length}` };
    const fields = r.map((f) => f.trim());
    const name = fields[nameCol];
    if (name === "") return { number, error: "has no name" };
    const row = { number, name, custom: {} };
    const email = emailCol >= 0 ? fields[emailCol] : "";
    if (email !== "") {
      if (!validEmail(email)) return { number, error: `has an email address that is not valid: ${JSON.stringify(email)}` };
      row.email = email.toLowerCase();
    }
    for (const [i, key] of customCols) row.custom[key] = fields[i];
    return row;
  });
  return { headers, rows };
}

const FOLD = [
  [/[à-åÀ-Å]/g, "a"], [/[æÆ]/g, "ae"], [/[çÇ]/g, "c"], [/[è-ëÈ-Ë]/g, "e"], [/[ì-ïÌ-Ï]/g, "i"], [/[ñÑ]/g, "n"],
  [/[ò-öøÒ-ÖØ]/g, "o"], [/[ù-üÙ-Ü]/g, "u"], [/[ýÿÝ]/g, "y"], [/ß/g, "ss"],
];

/**
 * The file name stem of a row's badge, as the CLI makes it: the row number
 * in four digits, then the name folded to lower-case ASCII (`0042-zoe-angstrom`).
 */
export function slug(number, name) {
  let folded = name;
  for (const [re, to] of FOLD) folded = folded.replace(re, to);
  let s = "";
  for (const c of folded) {
    if (/^[A-Za-z0-9]$/.test(c)) s += c.toLowerCase();
    else if (s !== "" && !s.endsWith("-")) s += "-";
    if (s.length >= 48) break;
  }
  s = s.replace(/-+$/, "");
  const n = String(number).padStart(4, "0");
  return s === "" ? n : `${n}-${s}`;
}
