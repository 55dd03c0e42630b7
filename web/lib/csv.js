// Writing CSV (the class's manifest.csv, the record issued.csv). Reading a
// CSV, and the rules of a recipients file, are the issuer module's
// (issuer.js parseCsv and parseRecipients: kiln-core's issue module, the
// reader `kiln issue` uses).

// First characters that make a spreadsheet program read a cell as a formula
// (=, +, -, @, tab, carriage return), and the guard ' itself: kiln-core's
// issue::csv::field follows the same rule.
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * A CSV field for writing: a value a spreadsheet would read as a formula
 * gets a leading ' (OWASP's rule against CSV injection), and the field is
 * quoted when it holds a comma, quote or line break. csvUnguarded reads the
 * value back.
 */
export function csvField(value) {
  let s = String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One line of CSV (without the line end). */
export function csvLine(fields) {
  return fields.map(csvField).join(",");
}

/** A field as csvField wrote it, without its guard (a ' before anything else is kept). */
export function csvUnguarded(value) {
  const s = String(value);
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}
