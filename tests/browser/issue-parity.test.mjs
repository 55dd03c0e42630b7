// One CSV issued twice, through the issuer page and through `kiln issue`:
// the same rows issued and refused, the same file names, and credentials
// that differ only in ids, dates and signatures (both sides follow
// kiln-core's issue module). The CLI is the debug build cargo makes
// (CARGO_TARGET_DIR honoured, or KILN_BIN); `npm test` builds it first.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as verifier from "../../web/lib/verifier.js";
import * as issuer from "../../web/lib/issuer.js";
import { ROOT, startAll } from "./helpers.mjs";

const KILN = process.env.KILN_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln");

const FIELDS = {
  issuerName: "Kiln Academy",
  achievementName: "Glaze Chemistry",
  achievementDescription: "Mixed, fired and documented three glazes.",
  criteria: "Three test tiles at cone 6.",
};

// Built from readable parts: every rule the two sides must agree on has a row.
const CSV = "\uFEFF" + [
  "Name,EMAIL,Cohort,Start Date",
  '"Doe, Jane",JANE@Example.org,2026,"March, 2026"',
  "Zoë Ångström,,2026,April",
  ",nobody@example.org,2026,May", // no name
  "Bob,not-an-email,2026,June", // an address that is not valid
  "Ann,ann@example.org,2026", // a field missing
  '"Ἀθηνᾶ ""the wise""",athena@example.org,2027,July',
  "",
  '  Ørjan Æsir  ,  Orjan@Example.ORG  ,"2027",Aug',
].join("\r\n") + "\r\n";

let env;
let dir;
before(async () => {
  assert.ok(existsSync(KILN), `${KILN} is missing: build it with cargo build -p kiln-cli (or set KILN_BIN)`);
  env = await startAll();
  await verifier.load(readFileSync(join(ROOT, "web", "pkg", "verifier", "kiln_wasm_bg.wasm")));
  await issuer.load(readFileSync(join(ROOT, "web", "pkg", "issuer", "kiln_wasm_bg.wasm")));
  dir = mkdtempSync(join(tmpdir(), "kiln-parity-"));
});
after(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Unpacks a ZIP with Python's zipfile into a new folder. */
function unzip(bytes, into) {
  execFileSync("python3", ["-c", "import io, sys, zipfile\nzipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read())).extractall(sys.argv[1])", into], { input: bytes });
}

/** Each badge's credential by file name, read with the verifier module, every one verified. */
async function credentialsIn(folder) {
  const out = {};
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".svg")).sort()) {
    const bytes = new Uint8Array(readFileSync(join(folder, file)));
    const report = await verifier.verifyBadge(bytes);
    assert.equal(report.verdict, "verified", `${folder}/${file}`);
    out[file] = JSON.parse(verifier.extractCredential(bytes));
  }
  return out;
}

/**
 * The credential with what must differ replaced by placeholders: the
 * credential's and the achievement's ids, the dates, the proof, and the
 * salt of each hashed email (whose hash is first checked against the
 * address the row gave).
 */
function normalised(credential, email) {
  const c = structuredClone(credential);
  assert.match(c.id, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.match(c.validFrom, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(c.proof.created, c.validFrom, "the proof is made when the badge is issued");
  c.id = "<id>";
  c.validFrom = "<date>";
  c.credentialSubject.achievement.id = "<achievement id>";
  delete c.proof;
  for (const identity of c.credentialSubject.identifier ?? []) {
    assert.equal(identity.identityHash, `sha256$${createHash("sha256").update(`${email}${identity.salt}`).digest("hex")}`);
    identity.salt = "<salt>";
    identity.identityHash = "<hash>";
  }
  return c;
}

/** The manifest's rows without the credential ids. */
const manifestRows = async (text) => (await issuer.parseCsv(text)).map(([row, file, , status]) => [row, file, status]);

test("the issuer page and kiln issue make the same badges from one CSV", async () => {
  // One key for both: made by the CLI, imported into the page.
  const keyPath = join(dir, "key.json");
  execFileSync(KILN, ["keygen", "-o", keyPath]);
  const key = JSON.parse(readFileSync(keyPath, "utf8"));

  // The page: the form, the seal template, SVG badges, the CSV pasted in.
  const { page, errors } = await env.openReady("/issue/", 20000);
  await page.setInputFiles("#key-file", keyPath);
  await page.waitForFunction(() => document.querySelector("#key-status")?.textContent.includes("Issuer id"), null, { timeout: 20000 });
  assert.match(await page.textContent("#key-status"), new RegExp(key.controller));
  await page.fill("#issuer-name", FIELDS.issuerName);
  await page.fill("#achievement-name", FIELDS.achievementName);
  await page.fill("#achievement-description", FIELDS.achievementDescription);
  await page.fill("#achievement-criteria", FIELDS.criteria);
  await page.check("input[name='design'][value='seal']");
  await page.selectOption("#format", "svg");
  await page.fill("#class-csv", CSV);
  await page.click("#issue-class");
  await page.waitForSelector("#class-status[data-done='true'], #issue-error:not([hidden])", { timeout: 60000 });
  assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#class-download")]);
  const pageDir = join(dir, "page");
  unzip(readFileSync(await download.path()), pageDir);
  assert.deepEqual(errors, []);
  await page.close();

  // The CLI: the same achievement as a file, the same issuer name, the same CSV.
  const achievement = {
    id: "urn:uuid:00000000-0000-4000-8000-000000000000",
    type: ["Achievement"],
    name: FIELDS.achievementName,
    description: FIELDS.achievementDescription,
    criteria: { narrative: FIELDS.criteria },
  };
  writeFileSync(join(dir, "achievement.json"), JSON.stringify(achievement));
  writeFileSync(join(dir, "recipients.csv"), CSV);
  const cliDir = join(dir, "cli");
  const run = spawnSync(KILN, [
    "issue", "--template", join(ROOT, "crates", "kiln-render", "templates", "seal.svg"),
    "--key", keyPath, "--achievement", join(dir, "achievement.json"), "--recipients", join(dir, "recipients.csv"),
    "--out", cliDir, "--format", "svg", "--issuer-name", FIELDS.issuerName, "--jobs", "1",
  ]);
  assert.equal(run.status, 1, `kiln issue exits 1 when rows failed: ${run.stderr}`);

  // The same rows issued and refused, under the same names, for the same reasons.
  const pageManifest = await manifestRows(readFileSync(join(pageDir, "manifest.csv"), "utf8"));
  const cliManifest = await manifestRows(readFileSync(join(cliDir, "manifest.csv"), "utf8"));
  assert.deepEqual(pageManifest, cliManifest);
  assert.deepEqual(pageManifest.slice(1).map(([, , status]) => status.replace(/:.*/, "")), ["issued", "issued", "failed", "failed", "failed", "issued", "issued"]);
  assert.deepEqual(pageManifest.slice(1).map(([, file]) => file).filter(Boolean), [
    "0001-doe-jane.svg", "0002-zoe-angstrom.svg", "0006-the-wise.svg", "0007-orjan-aesir.svg",
  ]);

  // Credentials that differ only in ids, dates and signatures.
  const fromPage = await credentialsIn(pageDir);
  const fromCli = await credentialsIn(cliDir);
  assert.deepEqual(Object.keys(fromPage), Object.keys(fromCli));
  const emails = { "0001-doe-jane.svg": "jane@example.org", "0006-the-wise.svg": "athena@example.org", "0007-orjan-aesir.svg": "orjan@example.org" };
  for (const file of Object.keys(fromPage)) {
    assert.deepEqual(normalised(fromPage[file], emails[file]), normalised(fromCli[file], emails[file]), file);
  }
  // And what they hold is what the rows said.
  assert.equal(fromCli["0001-doe-jane.svg"].credentialSubject.name, "Doe, Jane");
  assert.equal(fromCli["0006-the-wise.svg"].credentialSubject.name, 'Ἀθηνᾶ "the wise"');
  assert.equal(fromCli["0007-orjan-aesir.svg"].credentialSubject.name, "Ørjan Æsir");
  assert.equal(fromCli["0002-zoe-angstrom.svg"].credentialSubject.identifier, undefined);
  assert.equal(fromPage["0001-doe-jane.svg"].issuer.id, key.controller);
  // A class shares one achievement id on the page.
  assert.equal(new Set(Object.values(fromPage).map((c) => c.credentialSubject.achievement.id)).size, 1);
});
