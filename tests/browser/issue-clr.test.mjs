// A learner record (CLR 2.0) made on the issuer page: signed badges of one
// learner (JSON and a baked PNG, signed in the test with the kiln CLI:
// cargo build -p kiln-cli first) bundled and signed with the page's key,
// checked on the page, downloaded and dropped on the verify page; a badge
// for another learner and a file that is no badge are refused in words.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { badges, dropFile, screenshot, startAll, verdictOf } from "./helpers.mjs";
import { LEARNER, bakePng, course, courses, keygen, sign } from "./clr-make.mjs";

const work = mkdtempSync(join(tmpdir(), "kiln-issue-clr-"));
let env;
let keys;
let registrar;

before(async () => {
  keys = [keygen(work, "college-a.json"), keygen(work, "college-b.json")];
  registrar = keygen(work, "registrar.json");
  env = await startAll();
});
after(async () => {
  await env?.close();
  rmSync(work, { recursive: true, force: true });
});

const json = (name, value) => ({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(value)) });

/** The issuer page with the registrar's key imported. */
async function openWithKey() {
  const opened = await env.openReady("/issue/", 20000);
  const { page } = opened;
  await page.setInputFiles("#key-file", { name: "registrar.json", mimeType: "application/json", buffer: readFileSync(registrar) });
  await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])");
  assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
  await page.fill("#issuer-name", "Registrar of the Colleges");
  return opened;
}

describe("learner record on the issuer page", () => {
  test("two JSON badges and a baked PNG are bundled, signed, checked, downloaded and verified on the verify page with three nested credentials", async () => {
    const files = courses(work, keys, 3);
    const [first, second, third] = files.map((f) => JSON.parse(readFileSync(f, "utf8")));
    const png = bakePng(work, JSON.stringify(third), "course-3-baked");
    const { page, errors } = await openWithKey();
    await page.setInputFiles("#clr-files", [
      json("course-1.json", first),
      json("course-2.json", second),
      { name: "course-3.png", mimeType: "image/png", buffer: Buffer.from(png) },
    ]);
    await page.waitForFunction(() => document.querySelectorAll("#clr-list li").length === 3);
    assert.equal(await page.isVisible("#clr-error"), false, await page.textContent("#clr-error"));
    assert.equal(await page.inputValue("#clr-learner"), LEARNER, "the learner is read from the first badge");
    await page.fill("#clr-name", "Transcript of courses");
    await page.check("#clr-in-order");
    await page.click("#clr-sign");
    await page.waitForSelector("#clr-issued:not([hidden]), #clr-error:not([hidden])", { timeout: 30000 });
    assert.equal(await page.isVisible("#clr-error"), false, await page.textContent("#clr-error"));
    assert.equal(await verdictOf(page, "#clr-result", 30000), "verified");
    await screenshot(page, "issue-clr-verified");

    const download = await Promise.all([page.waitForEvent("download"), page.click("#clr-download")]).then(([d]) => d);
    assert.equal(download.suggestedFilename(), "clr.json");
    const text = readFileSync(await download.path(), "utf8");
    const record = JSON.parse(text);
    assert.deepEqual(record.type, ["VerifiableCredential", "ClrCredential"]);
    assert.equal(record.name, "Transcript of courses");
    assert.equal(record.credentialSubject.id, LEARNER);
    assert.equal(record.credentialSubject.verifiableCredential.length, 3);
    assert.equal(record.proof.cryptosuite, "eddsa-rdfc-2022");
    const registrarId = JSON.parse(readFileSync(registrar, "utf8")).controller;
    assert.equal(record.issuer.id, registrarId);
    // The checkbox's pathway: course 1, then 2, then 3.
    assert.deepEqual(record.credentialSubject.association.map((a) => [a.sourceId, a.associationType, a.targetId]), [
      [first.credentialSubject.achievement.id, "precedes", second.credentialSubject.achievement.id],
      [second.credentialSubject.achievement.id, "precedes", third.credentialSubject.achievement.id],
    ]);
    assert.deepEqual(errors, []);
    await page.close();

    const verify = await env.openReady("/");
    await dropFile(verify.page, new TextEncoder().encode(text), "clr.json", "application/json");
    assert.equal(await verdictOf(verify.page, "#result", 30000), "verified");
    const entries = verify.page.locator("#result > .stack .nested-credential");
    assert.equal(await entries.count(), 3);
    for (let i = 0; i < 3; i++) assert.equal(await entries.nth(i).getAttribute("data-verdict"), "verified");
    assert.deepEqual(verify.errors, []);
    await verify.page.close();
  });

  test("a badge issued to another learner is refused with its sentence, and a file that is no badge too", async () => {
    const [mine] = courses(work, keys, 1).map((f) => JSON.parse(readFileSync(f, "utf8")));
    const other = "did:example:someone-else";
    const theirs = sign(work, keys[0], "theirs", course(7, "College A", other), "eddsa-rdfc-2022");
    const { page } = await openWithKey();
    await page.setInputFiles("#clr-files", [
      json("mine.json", mine),
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello, not a badge") },
      json("theirs.json", theirs),
    ]);
    await page.waitForSelector("#clr-error:not([hidden])");
    assert.match(await page.textContent("#clr-error"), /notes\.txt: not a signed badge/);
    assert.equal(await page.locator("#clr-list li").count(), 2);
    assert.equal(await page.inputValue("#clr-learner"), LEARNER);
    await page.click("#clr-sign");
    await page.waitForSelector("#clr-error:not([hidden])");
    const message = await page.textContent("#clr-error");
    assert.match(message, /The record was not signed/);
    assert.match(message, new RegExp(`theirs\\.json was issued to ${other}, not to the learner ${LEARNER}`));
    assert.equal(await page.isVisible("#clr-issued"), false);
    await screenshot(page, "issue-clr-other-learner");
    await page.close();
  });

  test("a badge that names its recipient by a hashed email only (as the issuer page's classes do) is not signed into a record, and the page says why", async () => {
    const { files } = await badges();
    const png = files["valid.png"];
    const { page } = await openWithKey();
    await page.setInputFiles("#clr-files", { name: "valid.png", mimeType: "image/png", buffer: Buffer.from(png) });
    await page.waitForFunction(() => document.querySelectorAll("#clr-list li").length === 1);
    await page.fill("#clr-learner", "did:example:any-learner");
    await page.click("#clr-sign");
    await page.waitForSelector("#clr-issued:not([hidden]), #clr-error:not([hidden])", { timeout: 30000 });
    assert.match(await page.textContent("#clr-error"), /valid\.png\) names its recipient by no id/);
    assert.equal(await page.isVisible("#clr-issued"), false);
    await page.close();
  });
});
