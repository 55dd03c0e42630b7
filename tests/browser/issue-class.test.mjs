// The issuer page's Design step and class issuance: a shipped template with
// a live preview, a CSV pasted in, one ZIP downloaded; the ZIP is read with
// Python's zipfile and every badge verified with the verifier module in Node.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as verifier from "../../web/lib/verifier.js";
import * as issuer from "../../web/lib/issuer.js";
import { ROOT, foreignRequests, screenshot, startAll } from "./helpers.mjs";

// The CLI too, when KILN_VERIFY_CLI=1 (target/debug/kiln, CARGO_TARGET_DIR honoured): a second reader
// of the same badges. Opt-in, because a shared target folder may hold a kiln built without rdfc.
const KILN = process.env.KILN_VERIFY_CLI === "1" ? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln") : "";

let env;
before(async () => {
  env = await startAll();
  await verifier.load(readFileSync(join(ROOT, "web", "pkg", "verifier", "kiln_wasm_bg.wasm")));
  await issuer.load(readFileSync(join(ROOT, "web", "pkg", "issuer", "kiln_wasm_bg.wasm")));
});
after(async () => {
  await env?.close();
});

const openIssue = () => env.openReady("/issue/", 20000);

async function fillForm(page) {
  await page.click("#generate-key");
  await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])");
  assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
  await page.fill("#issuer-name", "Kiln Academy");
  await page.fill("#achievement-name", "Glaze Chemistry");
  await page.fill("#achievement-description", "Mixed, fired and documented three glazes.");
  await page.fill("#achievement-criteria", "Three test tiles at cone 6.");
}

/** Unpacks a ZIP with Python's zipfile (an independent reader) into a new folder. */
function unzip(bytes) {
  const dir = mkdtempSync(join(tmpdir(), "kiln-class-"));
  execFileSync("python3", ["-c", [
    "import io, sys, zipfile",
    "z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))",
    "bad = z.testzip()",
    "assert bad is None, bad",
    "z.extractall(sys.argv[1])",
  ].join("\n"), dir], { input: bytes });
  return dir;
}

/** Waits for the class run to end (or an error) and returns the page's status. */
async function waitForClass(page, timeout) {
  await page.waitForSelector("#class-status[data-done='true'], #issue-error:not([hidden])", { timeout });
  assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
  return page.textContent("#class-status");
}

async function download(page) {
  const d = await Promise.all([page.waitForEvent("download"), page.click("#class-download")]).then(([x]) => x);
  assert.equal(d.suggestedFilename(), "badges.zip");
  return readFileSync(await d.path());
}

describe("issuer page: design and class issuance", () => {
  test("hexagon preview, a 5-row class with one bad row, one ZIP, every badge verified", async () => {
    const { page, requests, errors } = await openIssue();
    await fillForm(page);
    await page.check("input[name='design'][value='hexagon']");
    await page.fill("#recipient-name", "Zoë Ἀθηνᾶ Жукова");
    await page.waitForFunction(() => document.querySelector("#preview")?.alt.includes("Zoë Ἀθηνᾶ Жукова"), null, { timeout: 20000 });
    const preview = await page.$eval("#preview", (img) => ({ src: img.src, width: img.naturalWidth, hidden: img.hidden, complete: img.complete }));
    assert.match(preview.src, /^blob:/);
    assert.equal(preview.hidden, false);
    assert.equal(await page.waitForFunction(() => document.querySelector("#preview").naturalWidth).then((h) => h.jsonValue()), 512);
    assert.equal(await page.isVisible("#preview-warnings"), false, "no missing glyphs for Latin, Greek and Cyrillic");

    const names = ["Zoë Ångström", "Ἀθηνᾶ Παλλάς", "Жукова Анна", '<Tom & "Jerry">'];
    const csv = "\uFEFFname,email,Cohort\r\n" +
      "Zoë Ångström,Zoe@Example.org,2026\r\n" +
      "Ἀθηνᾶ Παλλάς,,2026\r\n" +
      "Жукова Анна,anna@example.org,2026\r\n" +
      ",nobody@example.org,2026\r\n" +
      '"<Tom & ""Jerry"">",,2026\r\n';
    await page.fill("#class-csv", csv);
    const before = requests.length;
    const started = Date.now();
    await page.click("#issue-class");
    const status = await waitForClass(page, 60000);
    console.log(`5-row class (4 issued) in the browser: ${Date.now() - started} ms`);
    assert.match(status, /Issued 4 of 5 badges/);
    const rowErrors = await page.locator("#class-errors li").allTextContents();
    assert.deepEqual(rowErrors, ["Row 4: has no name"]);
    assert.deepEqual(requests.slice(before).filter((r) => !r.url.startsWith("blob:")), [], "no request while issuing");
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    await screenshot(page, "issue-class");

    const zip = await download(page);
    const dir = unzip(zip);
    try {
      const files = readdirSync(dir).sort();
      assert.deepEqual(files, ["0001-zoe-angstrom.png", "0002.png", "0003.png", "0005-tom-jerry.png", "manifest.csv"]);
      const manifest = await issuer.parseCsv(readFileSync(join(dir, "manifest.csv"), "utf8"));
      assert.deepEqual(manifest[0], ["row", "file", "credential_id", "status"]);
      const rows = manifest.slice(1);
      assert.equal(rows.filter((r) => r[3] === "issued").length, 4);
      assert.deepEqual(rows.filter((r) => r[3] !== "issued"), [["4", "", "", "failed: has no name"]]);
      const issued = rows.filter((r) => r[3] === "issued");
      for (const [i, [, file, id]] of issued.entries()) {
        const bytes = new Uint8Array(readFileSync(join(dir, file)));
        const report = await verifier.verifyBadge(bytes);
        assert.equal(report.verdict, "verified", `${file}: ${JSON.stringify(report.checks.filter((c) => c.outcome === "failed"))}`);
        const credential = JSON.parse(verifier.extractCredential(bytes));
        assert.equal(credential.id, id);
        assert.match(id, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(credential.credentialSubject.name, names[i]);
        assert.equal(credential.issuer.name, "Kiln Academy");
        assert.equal(credential.credentialSubject.achievement.name, "Glaze Chemistry");
        if (existsSync(KILN)) assert.match(execFileSync(KILN, ["verify", join(dir, file)]).toString(), /VERIFIED/, `kiln verify ${file}`);
      }
      if (!existsSync(KILN)) console.log("the badges were verified with the verifier module (KILN_VERIFY_CLI=1 adds kiln verify)");
      // The email is only there as a salted SHA-256 of the lower-cased address.
      const zoe = JSON.parse(verifier.extractCredential(new Uint8Array(readFileSync(join(dir, "0001-zoe-angstrom.png")))));
      const [identity] = zoe.credentialSubject.identifier;
      assert.equal(identity.identityType, "emailAddress");
      assert.equal(identity.hashed, true);
      assert.equal(identity.identityHash, `sha256$${createHash("sha256").update(`zoe@example.org${identity.salt}`).digest("hex")}`);
      assert.equal(JSON.stringify(zoe).toLowerCase().includes("zoe@example.org"), false);
      const athena = JSON.parse(verifier.extractCredential(new Uint8Array(readFileSync(join(dir, "0002.png")))));
      assert.equal(athena.credentialSubject.identifier, undefined);
      // The credentials of one class share the achievement, not the id.
      assert.equal(athena.credentialSubject.achievement.id, zoe.credentialSubject.achievement.id);
      assert.notEqual(athena.id, zoe.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a 30-row class as SVG badges: timing, all verified", async () => {
    const { page } = await openIssue();
    await fillForm(page);
    await page.check("input[name='design'][value='seal']");
    await page.selectOption("#format", "svg");
    const csv = "name,email\n" + Array.from({ length: 30 }, (_, i) => `Learner ${i + 1},learner${i + 1}@example.org`).join("\n");
    await page.fill("#class-csv", csv);
    const started = Date.now();
    await page.click("#issue-class");
    const status = await waitForClass(page, 120000);
    const seconds = Number(await page.getAttribute("#class-status", "data-seconds"));
    console.log(`30-row class (SVG) in the browser: ${seconds.toFixed(2)} s on the page, ${Date.now() - started} ms end to end`);
    assert.match(status, /Issued 30 of 30 badges/);
    const dir = unzip(await download(page));
    try {
      const files = readdirSync(dir).filter((f) => f.endsWith(".svg"));
      assert.equal(files.length, 30);
      for (const f of files) {
        const report = await verifier.verifyBadge(new Uint8Array(readFileSync(join(dir, f))));
        assert.equal(report.verdict, "verified", f);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.close();
  });

  test("a 30-row class as PNG badges: timing", async () => {
    const { page } = await openIssue();
    await fillForm(page);
    const csv = "name\n" + Array.from({ length: 30 }, (_, i) => `Learner ${i + 1}`).join("\n");
    await page.fill("#class-csv", csv);
    await page.click("#issue-class");
    const status = await waitForClass(page, 120000);
    const seconds = Number(await page.getAttribute("#class-status", "data-seconds"));
    console.log(`30-row class (PNG, hexagon, eddsa-rdfc-2022) in the browser: ${seconds.toFixed(2)} s`);
    assert.match(status, /Issued 30 of 30 badges/);
    await page.close();
  });

  test("an own template with an unknown placeholder: the preview names it; issuing reports every row", async () => {
    const { page } = await openIssue();
    await fillForm(page);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><text x="10" y="50">{{recipient.nmae}}</text></svg>';
    await page.setInputFiles("#template-file", { name: "mine.svg", mimeType: "image/svg+xml", buffer: Buffer.from(svg) });
    await page.waitForFunction(() => document.querySelector("#preview-status").textContent.startsWith("No preview"), null, { timeout: 20000 });
    assert.match(await page.textContent("#preview-status"), /recipient\.nmae/);
    assert.equal(await page.isChecked("input[name='design'][value='own-template']"), true);
    // A template whose text no embedded font has: the preview lists the missing glyphs.
    const hangul = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><text x="10" y="50">{{recipient.name}} 한글</text></svg>';
    await page.setInputFiles("#template-file", { name: "hangul.svg", mimeType: "image/svg+xml", buffer: Buffer.from(hangul) });
    await page.waitForSelector("#preview-warnings:not([hidden])", { timeout: 20000 });
    assert.match(await page.textContent("#preview-warnings"), /한/);
    await page.close();
  });
});
