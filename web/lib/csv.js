// Writing CSV (the class's manifest.csv). Reading a CSV, and the rules of a
// recipients file, are the issuer module's (issuer.js parseCsv and
// parseRecipients: kiln-core's issue module, the reader `kiln issue` uses).

/** A CSV field for writing: quoted when it holds a comma, quote or line break. */
export function csvField(value) {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One line of CSV (without the line end). */
export function csvLine(fields) {
  return fields.map(csvField).join(",");
}
