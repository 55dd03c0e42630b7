// CLR 2.0 learner records and embedded endorsements on the verify page: the
// outer verdict, one collapsible entry per nested credential with its own
// verdict (a changed one named with why), the pathway with its relations in
// words, and the endorsements with each endorser (a changed endorsement is
// a warning, the badge stays verified). Records and badges are signed in
// the test with the kiln CLI (cargo build -p kiln-cli first).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { screenshot, startAll, verdictOf } from "./helpers.mjs";
import { achievement, bakePng, clr, course, courses, endorsement, keygen, sign } from "./clr-make.mjs";

const work = mkdtempSync(join(tmpdir(), "kiln-clr-page-"));
let env;
let keys;
let registrar;

before(async () => {
  keys = [keygen(work, "college-a.json"), keygen(work, "college-b.json")];
  registrar = keygen(work, "registrar.json");
  env = await startAll({ "/p/": work });
});
after(async () => {
  await env?.close();
  rmSync(work, { recursive: true, force: true });
});

const PATHWAY = [
  { source: achievement(1), relation: "precedes", target: achievement(2) },
  { source: achievement(3), relation: "isPartOf", target: achievement(4) },
];

async function checkFile(page, bytes, name, mimeType) {
  await page.setInputFiles("#file", { name, mimeType, buffer: Buffer.from(bytes) });
  return verdictOf(page, "#result");
}

const entries = (page) => page.locator("#result > .stack .nested-credential");

describe("CLR records on the verify page", () => {
  test("a record of four credentials by two issuers (rdfc and jcs) is verified, each listed, with its pathway", async () => {
    const files = courses(work, keys, 4);
    const record = clr(work, registrar, files, PATHWAY);
    const { page, errors } = await env.openReady("/");
    assert.equal(await checkFile(page, new TextEncoder().encode(record), "record.json", "application/json"), "verified");
    assert.equal(await entries(page).count(), 4);
    for (let i = 0; i < 4; i++) {
      const entry = entries(page).nth(i);
      assert.equal(await entry.getAttribute("data-verdict"), "verified");
      const college = i % 2 === 0 ? "College A" : "College B";
      assert.match(await entry.locator("summary").textContent(), new RegExp(`Verified Course ${i + 1} certificate \\(issued by ${college}, did:key:`));
    }
    assert.match(await page.textContent("#result .record h3"), /Credentials in this record \(4\)/);
    const pathway = await page.locator("#result .pathway li").allTextContents();
    assert.deepEqual(pathway, ["Course 1 comes before Course 2", "Course 3 is part of Course 4"]);
    // Details on demand: a nested credential's full report is drawn when its entry is opened.
    const third = entries(page).nth(2);
    assert.equal(await third.locator(".nested-report").evaluate((n) => n.childElementCount), 0);
    await third.locator("summary").click();
    await third.locator(".nested-report .banner").waitFor();
    assert.equal(await third.locator(".nested-report").getAttribute("data-verdict"), "verified");
    assert.match(await third.locator(".nested-report").textContent(), /eddsa-rdfc-2022|learner/);
    await screenshot(page, "clr-verified");

    // The same record baked into a PNG.
    const png = bakePng(work, record, "record");
    assert.equal(await checkFile(page, png, "record.png", "image/png"), "verified");
    assert.equal(await entries(page).count(), 4);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a record with one nested credential changed and the record re-signed is not valid, naming that one and why", async () => {
    const files = courses(work, keys, 4, (n, signed) => {
      if (n === 3) signed.name = "Course 3 certificate, with honours";
    });
    const record = clr(work, registrar, files, PATHWAY);
    const { page } = await env.openReady("/");
    assert.equal(await checkFile(page, new TextEncoder().encode(record), "record.json", "application/json"), "invalid");
    assert.equal(await entries(page).count(), 4);
    const verdicts = await entries(page).evaluateAll((list) => list.map((li) => li.dataset.verdict));
    assert.deepEqual(verdicts, ["verified", "verified", "invalid", "verified"]);
    const bad = entries(page).nth(2);
    const summary = await bad.locator("summary").textContent();
    assert.match(summary, /Not valid Course 3 certificate, with honours \(issued by College A/);
    assert.match(await bad.locator(".reason").textContent(), /Why: proof: /);
    assert.match(await page.textContent("#result .record h3"), /\(4, 1 not verified\)/);
    assert.equal(await page.locator('#result .meaning[data-check="clr"]').count(), 1);
    await screenshot(page, "clr-one-changed");
    await page.close();
  });

  test("a badge with two endorsements, the second changed, is verified with a warning naming endorser 2", async () => {
    const endorser1 = keygen(work, "endorser-1.json");
    const endorser2 = keygen(work, "endorser-2.json");
    const e1 = sign(work, endorser1, "e1", endorsement(1, "Guild of Bakers", "Well taught."));
    const e2 = sign(work, endorser2, "e2", endorsement(2, "Board of Ovens", "Rigorous."));
    e2.credentialSubject.endorsementComment = "The best course there is.";
    const badge = course(1, "College A");
    badge.credentialSubject.achievement.endorsement = [e1, e2];
    const signed = sign(work, keys[0], "endorsed", badge, "eddsa-rdfc-2022");
    const { page, errors } = await env.openReady("/");
    assert.equal(await checkFile(page, new TextEncoder().encode(JSON.stringify(signed)), "endorsed.json", "application/json"), "verified");
    const list = page.locator("#result .endorsement");
    assert.equal(await list.count(), 2);
    assert.equal(await list.nth(0).getAttribute("data-verdict"), "verified");
    assert.match(await list.nth(0).locator("summary").textContent(), /Verified by Guild of Bakers/);
    assert.equal(await list.nth(1).getAttribute("data-verdict"), "invalid");
    assert.match(await list.nth(1).locator("summary").textContent(), /Not valid by Board of Ovens/);
    const warning = await page.textContent("#result .endorsement-warning");
    assert.match(warning, /endorsement 2, by Board of Ovens/);
    assert.doesNotMatch(warning, /Guild of Bakers/);
    assert.match(warning, /The badge itself is verified/);
    assert.equal(await page.locator('#result .meaning.advisory[data-check="endorsement"]').count(), 1);
    assert.match(await page.textContent("#result .banner"), /Verified/);
    await screenshot(page, "clr-endorsement-changed");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the <kiln-badge> widget lists a record's credentials, each with its verdict", async () => {
    const files = courses(work, keys, 4, (n, signed) => {
      if (n === 2) signed.name = "Course 2 certificate, with honours";
    });
    writeFileSync(join(work, "widget-record.json"), clr(work, registrar, files, PATHWAY));
    const { page, errors } = await env.newPage();
    await page.goto(`${env.origin}/demo/`);
    const verdict = await page.evaluate(async () => {
      const badge = document.createElement("kiln-badge");
      badge.id = "record";
      badge.setAttribute("src", "/p/widget-record.json");
      document.querySelector("main").append(badge);
      await new Promise((resolve) => badge.addEventListener("kiln-verified", resolve, { once: true }));
      return badge.getAttribute("data-verdict");
    });
    assert.equal(verdict, "invalid");
    const lines = await page.locator("#record").evaluate((b) => [...b.shadowRoot.querySelectorAll(".details .nested li")].map((li) => [li.dataset.verdict, li.textContent]));
    assert.equal(lines.length, 4);
    assert.deepEqual(lines.map(([v]) => v), ["verified", "invalid", "verified", "verified"]);
    assert.match(lines[1][1], /Not valid: Course 2 certificate, with honours, issued by College B/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
