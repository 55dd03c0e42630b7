// Portfolios: several badges dropped on the verify page at once (one line
// per badge, details on a click, one verifier module for all), and the
// <kiln-badge-list> widget. Badges are signed in the test with the kiln CLI
// (cargo build -p kiln-cli first).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { screenshot, startAll } from "./helpers.mjs";
import { bakePng, courses, keygen } from "./clr-make.mjs";

const work = mkdtempSync(join(tmpdir(), "kiln-portfolio-"));
const served = join(work, "served");
mkdirSync(served);
let env;
/** [{ name, bytes, type, expected }] */
let twenty;

before(async () => {
  const keys = [keygen(work, "college-a.json"), keygen(work, "college-b.json")];
  // Courses 7 and 15 are changed after signing; every fifth one is baked into a PNG.
  const changed = new Set([7, 15]);
  const files = courses(work, keys, 20, (n, signed) => {
    if (changed.has(n)) signed.name = `Course ${n} certificate, with honours`;
  });
  twenty = files.map((path, i) => {
    const n = i + 1;
    const text = readFileSync(path, "utf8");
    const expected = changed.has(n) ? "invalid" : "verified";
    return n % 5 === 0
      ? { name: `course-${n}.png`, bytes: bakePng(work, text, `baked-${n}`), type: "image/png", expected }
      : { name: `course-${n}.json`, bytes: new TextEncoder().encode(text), type: "application/json", expected };
  });
  // Three badges for the widget, the second changed after signing, and a page that lists them.
  for (const [i, n] of [1, 7, 5].entries()) {
    const badge = twenty[n - 1];
    writeFileSync(join(served, `badge-${i + 1}${badge.name.endsWith(".png") ? ".png" : ".json"}`), badge.bytes);
  }
  writeFileSync(join(served, "list.html"), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portfolio</title>
<script type="module" src="/widget/kiln-badge.js"></script></head>
<body><main>
<kiln-badge-list id="by-src" src="/p/badge-1.json /p/badge-2.json /p/badge-3.png"></kiln-badge-list>
<kiln-badge-list id="by-children"><kiln-badge src="/p/badge-1.json"></kiln-badge><kiln-badge src="/p/badge-3.png"></kiln-badge></kiln-badge-list>
</main></body></html>`);
  env = await startAll({ "/p/": served });
});
after(async () => {
  await env?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Drops `files` ([{ name, bytes, type }]) on the page at once. */
async function dropFiles(page, files) {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.data)], f.name, { type: f.type }));
    for (const kind of ["dragenter", "dragover", "drop"]) {
      document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, files.map((f) => ({ name: f.name, type: f.type, data: Array.from(f.bytes) })));
}

describe("portfolio on the verify page", () => {
  test("20 badges dropped at once each show their verdict, with one verifier module for all", async () => {
    const { page, requests, errors } = await env.openReady("/");
    await dropFiles(page, twenty);
    await page.waitForSelector("#portfolio[data-done='true']", { timeout: 60000 });
    const lines = page.locator("#portfolio .portfolio-item");
    assert.equal(await lines.count(), 20);
    const got = await lines.evaluateAll((list) => list.map((li) => [li.dataset.file, li.dataset.verdict]));
    assert.deepEqual(got, twenty.map((b) => [b.name, b.expected]));
    assert.equal(await page.getAttribute("#portfolio", "data-verdict"), "invalid");
    assert.match(await page.textContent("#portfolio .portfolio-summary"), /^20 badges: 18 verified, 2 not valid, 0 could not be checked/);
    assert.match(await page.textContent("#announce"), /20 badges/);
    assert.equal(await page.isHidden("#result"), true);
    const seventh = lines.nth(6);
    assert.match(await seventh.locator(".name").textContent(), /Course 7 certificate, with honours/);
    assert.match(await seventh.locator(".issuer").textContent(), /issued by College A/);
    // Details on demand: the full report opens under its line, and closes again.
    assert.equal(await seventh.locator(".portfolio-detail").isHidden(), true);
    await seventh.locator("button.line").click();
    await seventh.locator(".portfolio-detail .banner").waitFor();
    assert.equal(await seventh.locator(".portfolio-detail").getAttribute("data-verdict"), "invalid");
    assert.match(await seventh.locator(".portfolio-detail").textContent(), /signature does not match/);
    await seventh.locator("button.line").click();
    assert.equal(await seventh.locator(".portfolio-detail").isHidden(), true);
    // A baked one shows its picture in its details.
    const fifth = lines.nth(4);
    await fifth.locator("button.line").click();
    await fifth.locator(".portfolio-detail img.badge-image").waitFor();
    // Each detail wears its own verdict's colours, not the portfolio's (which is "invalid").
    const colour = (line) => line.locator(".portfolio-detail > .banner").evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.notEqual(await colour(fifth), await colour(seventh));
    const wasm = requests.filter((r) => r.url.endsWith("/pkg/verifier/kiln_wasm_bg.wasm"));
    assert.equal(wasm.length, 1, "the verifier module is fetched once for all badges");
    await screenshot(page, "portfolio-20");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the file picker takes several files; one file afterwards shows its full report again", async () => {
    const { page } = await env.openReady("/");
    assert.equal(await page.getAttribute("#file", "multiple"), "");
    const three = twenty.slice(5, 8);
    await page.setInputFiles("#file", three.map((b) => ({ name: b.name, mimeType: b.type, buffer: Buffer.from(b.bytes) })));
    await page.waitForSelector("#portfolio[data-done='true']", { timeout: 30000 });
    const verdicts = await page.locator("#portfolio .portfolio-item").evaluateAll((list) => list.map((li) => li.dataset.verdict));
    assert.deepEqual(verdicts, three.map((b) => b.expected));
    const one = twenty[0];
    await page.setInputFiles("#file", { name: one.name, mimeType: one.type, buffer: Buffer.from(one.bytes) });
    await page.waitForSelector("#result[data-verdict='verified']", { timeout: 20000 });
    assert.equal(await page.isHidden("#portfolio"), true);
    await page.close();
  });
});

describe("a dropped folder", () => {
  test("its badge files, its subfolders' too, are read in name order; other files are left out", async () => {
    const { page } = await env.openReady("/");
    // A drop's folder entries, as Chromium's webkitGetAsEntry gives them (a synthetic
    // DataTransfer holds files only), with readEntries answering in batches.
    const names = await page.evaluate(async () => {
      const { filesOfDrop } = await import("/verify/portfolio.js");
      const file = (name) => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File(["{}"], name)) });
      const folder = (name, children) => ({
        isFile: false, isDirectory: true, name,
        createReader() {
          const batches = [children.slice(0, 2), children.slice(2), []];
          return { readEntries: (ok) => ok(batches.shift() ?? []) };
        },
      });
      const tree = folder("badges", [
        file("b.png"), file("notes.txt"), folder("more", [file("d.svg"), file("e.jws"), file("photo.jpg")]), file("a.json"),
      ]);
      const dt = { files: [], items: [{ kind: "file", webkitGetAsEntry: () => tree }] };
      return (await filesOfDrop(dt)).map((f) => f.name);
    });
    assert.deepEqual(names, ["a.json", "b.png", "d.svg", "e.jws"]);
    await page.close();
  });
});

describe("<kiln-badge-list>", () => {
  test("three badges from src, one changed: each its verdict, the list the worst; children work too", async () => {
    const { page, requests, errors } = await env.newPage();
    await page.goto(`${env.origin}/p/list.html`);
    await page.waitForSelector("#by-src[data-verdict]", { timeout: 30000 });
    await page.waitForSelector("#by-children[data-verdict]", { timeout: 30000 });
    const badges = page.locator("#by-src > kiln-badge");
    assert.equal(await badges.count(), 3);
    const verdicts = await badges.evaluateAll((list) => list.map((b) => b.getAttribute("data-verdict")));
    assert.deepEqual(verdicts, ["verified", "invalid", "verified"]);
    assert.equal(await page.getAttribute("#by-src", "data-verdict"), "invalid");
    assert.equal(await page.getAttribute("#by-src", "data-count"), "3");
    const summary = await page.locator("#by-src").evaluate((list) => list.shadowRoot.querySelector(".summary").textContent);
    assert.equal(summary, "3 badges: 2 verified, 1 not valid, 0 could not be checked.");
    assert.equal(await page.getAttribute("#by-children", "data-verdict"), "verified");
    assert.equal(await page.getAttribute("#by-children", "data-count"), "2");
    const wasm = requests.filter((r) => r.url.endsWith("/pkg/verifier/kiln_wasm_bg.wasm"));
    assert.equal(wasm.length, 1, "one verifier module for every badge on the page");
    // A badge added later is counted, and the verdict follows it.
    await page.evaluate(() => {
      const badge = document.createElement("kiln-badge");
      badge.setAttribute("src", "/p/badge-2.json");
      document.getElementById("by-children").append(badge);
    });
    await page.waitForFunction(() => document.getElementById("by-children").getAttribute("data-verdict") === "invalid", null, { timeout: 20000 });
    assert.equal(await page.getAttribute("#by-children", "data-count"), "3");
    await screenshot(page, "badge-list");
    assert.deepEqual(errors, []);
    await page.close();
  });
});
