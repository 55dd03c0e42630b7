// Unit tests of web/lib/csv.js and web/lib/zip.js in Node. Expected values
// come from independent readers: Python's csv and zipfile modules, Info-ZIP's
// `unzip -t`, the CRC-32 check value of the catalogue of CRC algorithms, and
// the CLI's `kiln issue` tests (crates/kiln-cli/src/cmd/issue.rs).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CsvError, csvLine, parseCsv, readRecipients, slug, validEmail } from "../../web/lib/csv.js";
import { crc32, makeZip } from "../../web/lib/zip.js";

const python = (code, input) => execFileSync("python3", ["-c", code], { input }).toString("utf8");

/** Python's csv.reader on the text, with blank lines dropped (as parseCsv does). */
function pythonCsv(text) {
  const code = "import csv, io, json, sys\n" +
    "rows = [r for r in csv.reader(io.StringIO(sys.stdin.read(), newline='')) if r != []]\n" +
    "print(json.dumps(rows))";
  return JSON.parse(python(code, Buffer.from(text, "utf8")));
}

describe("parseCsv", () => {
  const cases = {
    "plain LF": "name,email\nAda,ada@example.org\nBob,\n",
    "CRLF, no final line end": "name,email\r\nAda,ada@example.org\r\nBob,b@example.org",
    "CR only": "a,b\rc,d\r",
    "quoted commas and quotes": 'name,note\n"Doe, Jane","She said ""hi"""\n',
    "line breaks inside quotes": 'name,note\n"Ada","line one\r\nline two\nline three"\nBob,x\n',
    "empty fields and quoted empties": 'a,b,c\n,,\n"","",""\n',
    "blank lines between records": "a,b\n\n1,2\n\r\n3,4\n",
    "Unicode": "name\nZoë Ἀθηνᾶ Жукова\n\"<&\"\"'>\"\n",
    "a quote inside an unquoted field": 'a,b\nsay "hi",x\n',
    "a single column": "name\nA\nB\n",
    "a trailing comma": "a,b,\n1,2,\n",
  };
  for (const [what, text] of Object.entries(cases)) {
    test(`${what}: as Python's csv reads it`, () => {
      assert.deepEqual(parseCsv(text), pythonCsv(text));
    });
  }

  test("a UTF-8 byte order mark is dropped", () => {
    assert.deepEqual(parseCsv("\uFEFFname\nA\n"), [["name"], ["A"]]);
  });

  test("an unclosed quote and text after a closing quote are errors naming the line", () => {
    assert.throws(() => parseCsv('a\n"b\nc'), (e) => e instanceof CsvError && e.code === "csv-malformed" && e.line === 2);
    assert.throws(() => parseCsv('a,b\n1,2\n"x"y,3\n'), (e) => e instanceof CsvError && /line 3/.test(e.message));
  });

  test("csvLine writes what Python's csv reads back", () => {
    const fields = ["1", "a,b", 'say "hi"', "two\nlines", "", "Zoë"];
    assert.deepEqual(pythonCsv(csvLine(fields) + "\n"), [fields]);
    assert.equal(csvLine(["1", "0001-a.png", "urn:uuid:x", "issued"]), "1,0001-a.png,urn:uuid:x,issued");
  });
});

describe("readRecipients (the CLI's rules)", () => {
  test("BOM, CRLF, quotes, custom columns and bad rows (the CLI's own case)", () => {
    const csv = "\uFEFFname,email,Cohort\r\n\"Doe, Jane\",JANE@example.org,2026\r\n,x@y.z,1\r\nBob,not-an-email,2\r\nAnn,ann@example.org\r\n\"Zoë \"\"Z\"\" Ångström\",,3\r\n";
    const { headers, rows } = readRecipients(csv);
    assert.deepEqual(headers, ["name", "email", "cohort"]);
    assert.equal(rows.length, 5);
    assert.deepEqual(rows[0], { number: 1, name: "Doe, Jane", email: "jane@example.org", custom: { "custom.cohort": "2026" } });
    assert.match(rows[1].error, /no name/);
    assert.match(rows[2].error, /not valid/);
    assert.match(rows[3].error, /2 fields/);
    assert.deepEqual(rows[4], { number: 5, name: 'Zoë "Z" Ångström', custom: { "custom.cohort": "3" } });
    assert.equal(slug(5, rows[4].name), "0005-zoe-z-angstrom");
  });

  test("a header without name is refused, naming the columns", () => {
    assert.throws(() => readRecipients("email\nx@y.z\n"), /no "name" column \(it has: email\)/);
    assert.throws(() => readRecipients(""), /empty/);
  });

  test("column names become custom placeholder keys", () => {
    const { rows } = readRecipients("Name,Start Date,GPA%\nA,2026,4\n");
    assert.deepEqual(rows[0].custom, { "custom.start_date": "2026", "custom.gpa_": "4" });
  });

  test("email check", () => {
    for (const ok of ["a@b.c", "first.last@sub.example.org"]) assert.equal(validEmail(ok), true, ok);
    for (const bad of ["", "a", "@b.c", "a@b", "a@.b", "a@b.", "a@b@c.d", "a b@c.d", "a@b.c\u0007"]) assert.equal(validEmail(bad), false, bad);
  });

  test("slugs: Greek and Cyrillic names keep only the row number", () => {
    assert.equal(slug(2, "Ἀθηνᾶ"), "0002");
    assert.equal(slug(42, "<Tom & \"Jerry\">"), "0042-tom-jerry");
    assert.equal(slug(1, "Æsa Straße"), "0001-aesa-strasse");
    assert.equal(slug(3, "x".repeat(80)).length, "0003-".length + 48);
  });
});

describe("makeZip", () => {
  test("CRC-32 check value (\"123456789\" -> cbf43926)", () => {
    assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
    assert.equal(crc32(new Uint8Array(0)), 0);
  });

  test("Python's zipfile and unzip -t read it back byte for byte", () => {
    const binary = Uint8Array.from({ length: 70000 }, (_, i) => (i * 7919) & 0xff);
    const files = [
      { name: "manifest.csv", data: "row,file\n1,a.png\n" },
      { name: "0001-zoë.png", data: binary },
      { name: "dir/Ἀθηνᾶ.svg", data: "<svg/>" },
      { name: "empty.txt", data: new Uint8Array(0) },
    ];
    const zip = makeZip(files, { date: new Date(2026, 10, 28, 9, 30, 12) });
    const dir = mkdtempSync(join(tmpdir(), "kiln-zip-"));
    try {
      const path = join(dir, "t.zip");
      writeFileSync(path, zip);
      const read = JSON.parse(python([
        "import hashlib, json, sys, zipfile",
        `z = zipfile.ZipFile(${JSON.stringify(path)})`,
        "assert z.testzip() is None",
        "print(json.dumps([[i.filename, i.compress_type, i.file_size, i.date_time, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]))",
      ].join("\n")));
      const sha = (d) => execFileSync("sha256sum", { input: typeof d === "string" ? Buffer.from(d) : d }).toString().slice(0, 64);
      assert.deepEqual(read, files.map(({ name, data }) => [name, 0, typeof data === "string" ? Buffer.byteLength(data) : data.length, [2026, 11, 28, 9, 30, 12], sha(data)]));
      const tested = execFileSync("unzip", ["-t", path]).toString();
      assert.match(tested, /No errors detected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an empty archive is the 22-byte end record", () => {
    const zip = makeZip([]);
    assert.equal(zip.length, 22);
    assert.deepEqual(JSON.parse(python("import io, json, sys, zipfile\nprint(json.dumps(zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())).namelist()))", zip)), []);
  });

  test("names that escape the folder, repeat or are empty are refused", () => {
    for (const name of ["", "/abs", "../up", "a/../../b", "a\\b"]) assert.throws(() => makeZip([{ name, data: "x" }]), TypeError, name);
    assert.throws(() => makeZip([{ name: "a", data: "1" }, { name: "a", data: "2" }]), /twice/);
    assert.throws(() => makeZip([{ name: "a", data: [1, 2] }]), /Uint8Array/);
  });
});
