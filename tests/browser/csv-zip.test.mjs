// The issuer module's CSV reader (kiln-core's issue::csv, the one `kiln
// issue` uses), web/lib/csv.js's writer and web/lib/zip.js, in Node.
// Expected values come from independent readers: Python's csv and zipfile
// modules, Info-ZIP's `unzip -t` and the CRC-32 check value of the catalogue
// of CRC algorithms. The recipients' rules are kiln-core's unit tests
// (crates/kiln-core/src/issue/); issue-parity.test.mjs checks that the page
// and the CLI apply them alike.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import * as issuer from "../../web/lib/issuer.js";
import { csvLine, csvUnguarded } from "../../web/lib/csv.js";
import { crc32, makeZip } from "../../web/lib/zip.js";
import { ROOT, ensureBuilt } from "./helpers.mjs";

const { parseCsv } = issuer;
before(async () => {
  ensureBuilt();
  await issuer.load(readFileSync(join(ROOT, "web", "pkg", "issuer", "kiln_wasm_bg.wasm")));
});

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
    test(`${what}: as Python's csv reads it`, async () => {
      assert.deepEqual(await parseCsv(text), pythonCsv(text));
    });
  }

  test("a UTF-8 byte order mark is dropped", async () => {
    assert.deepEqual(await parseCsv("\uFEFFname\nA\n"), [["name"], ["A"]]);
  });

  test("an unclosed quote and text after a closing quote are errors naming the line", async () => {
    await assert.rejects(parseCsv('a\n"b\nc'), (e) => e.code === "csv-malformed" && /line 2/.test(e.message));
    await assert.rejects(parseCsv('a,b\n1,2\n"x"y,3\n'), (e) => e.code === "csv-malformed" && /line 3/.test(e.message));
  });

  test("csvLine writes what Python's csv reads back", () => {
    const fields = ["1", "a,b", 'say "hi"', "two\nlines", "", "Zoë"];
    assert.deepEqual(pythonCsv(csvLine(fields) + "\n"), [fields]);
    assert.equal(csvLine(["1", "0001-a.png", "urn:uuid:x", "issued"]), "1,0001-a.png,urn:uuid:x,issued");
  });

  test("a value a spreadsheet would run as a formula is written as text and read back whole", async () => {
    const values = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'quoted", "'="];
    const written = values.map((v) => csvLine([v, "x"])).join("\n") + "\n";
    // What a spreadsheet sees: every cell starts with the guard.
    for (const [cell] of pythonCsv(written)) assert.ok(cell.startsWith("'"), JSON.stringify(cell));
    // What Kiln reads back (kiln-core's reader, then the guard removed).
    const read = await parseCsv(written);
    assert.deepEqual(read.map(([cell]) => csvUnguarded(cell)), values);
    for (const plain of ["Ada", "O'Brien", "1-2", ""]) assert.equal(csvLine([plain]), plain);
    assert.equal(csvUnguarded("'Ali"), "'Ali", "an apostrophe of the value's own is kept");
  });
});

describe("parseRecipients", () => {
  test("rows as the page uses them, and a header without name refused with its code", async () => {
    const { headers, rows } = await issuer.parseRecipients("Name,email,Start Date\nZoë,Zoe@Example.org,2026\n,x@y.z,1\n");
    assert.deepEqual(headers, ["name", "email", "start date"]);
    assert.deepEqual(rows, [
      { number: 1, name: "Zoë", email: "zoe@example.org", custom: { "custom.start_date": "2026" }, slug: "0001-zoe" },
      { number: 2, error: "has no name" },
    ]);
    await assert.rejects(issuer.parseRecipients("email\nx@y.z\n"), (e) => e.code === "csv-no-name" && /\(it has: email\)/.test(e.message));
    await assert.rejects(issuer.parseRecipients(""), (e) => e.code === "csv-empty");
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
