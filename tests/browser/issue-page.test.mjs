// The issuer page at /issue/: key, fields, sign, bake, download, check.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { badges, dropFile, fixture, foreignRequests, screenshot, startAll, verdictOf } from "./helpers.mjs";

let env;
before(async () => {
  env = await startAll();
});
after(async () => {
  await env?.close();
});

const openIssue = () => env.openReady("/issue/", 20000);

describe("issuer page", () => {
  test("loads both modules and the default design before anything is issued", async () => {
    const { page, requests, errors } = await openIssue();
    for (const path of ["/pkg/issuer/kiln_wasm_bg.wasm", "/pkg/verifier/kiln_wasm_bg.wasm", "/demo/template.svg"]) {
      assert.ok(requests.some((r) => r.url === `${env.origin}${path}`), `${path} is loaded with the page`);
    }
    for (const id of ["generate-key", "key-file", "issuer-name", "issuer-url", "achievement-name", "achievement-description",
      "achievement-criteria", "recipient-name", "recipient-email", "image-file", "suite", "sign"]) {
      assert.equal(await page.locator(`#${id}`).count(), 1, `#${id}`);
    }
    assert.deepEqual(await page.locator("#suite option").evaluateAll((os) => os.map((o) => o.value)), ["eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-sd-2023"]);
    assert.equal(await page.inputValue("#suite"), "eddsa-rdfc-2022");
    await screenshot(page, "issue-empty");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a file that is no key is refused with a message", async () => {
    const { page } = await openIssue();
    await page.setInputFiles("#key-file", { name: "key.json", mimeType: "application/json", buffer: Buffer.from('{"id": "nope"}') });
    await page.waitForSelector("#issue-error:not([hidden])");
    assert.match(await page.textContent("#issue-error"), /key file cannot be used/);
    assert.equal(await page.isVisible("#key-download"), false);
    await page.close();
  });

  test("signing without a key says what is missing", async () => {
    const { page } = await openIssue();
    await page.click("#sign");
    await page.waitForSelector("#issue-error:not([hidden])");
    assert.match(await page.textContent("#issue-error"), /key/);
    await page.close();
  });

  // Needs kiln-core's keys, signing, baking and verification.
  test("an existing key file is imported and names the issuer", async () => {
    const { key } = await badges();
    const { page, requests } = await openIssue();
    const before = requests.length;
    await page.setInputFiles("#key-file", { name: "kiln-key.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(key)) });
    await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])");
    assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
    assert.match(await page.textContent("#key-status"), new RegExp(key.controller));
    assert.deepEqual(requests.slice(before).filter((r) => !r.url.startsWith("blob:")), [], "importing a key sends nothing");
    await page.close();
  });

  for (const [suite, image, name, type] of [
    ["eddsa-rdfc-2022", "plain.png", "badge.png", "image/png"],
    ["eddsa-jcs-2022", "plain.svg", "badge.svg", "image/svg+xml"],
  ]) {
    test(`issue (${suite}, ${image}), download, drop on the verify page: verified; no request while issuing`, async () => {
      const { page, requests } = await openIssue();
      await page.click("#generate-key");
      await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])");
      assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
      const keyDownload = await Promise.all([page.waitForEvent("download"), page.click("#key-download")]).then(([d]) => d);
      const key = JSON.parse(readFileSync(await keyDownload.path(), "utf8"));
      assert.match(key.controller, /^did:key:z6Mk/);
      assert.equal(typeof key.secretKeyMultibase, "string");

      await page.fill("#issuer-name", "Test Guild of Potters");
      await page.fill("#issuer-url", "https://potters.example/");
      await page.fill("#achievement-name", "Wheel Throwing I");
      await page.fill("#achievement-description", "Throws a cylinder 20 cm tall.");
      await page.fill("#achievement-criteria", "Three cylinders judged by two members.");
      await page.fill("#recipient-name", "Bernard Leach");
      await page.fill("#recipient-email", "bernard@example.org");
      await page.setInputFiles("#image-file", { name: image, mimeType: type, buffer: Buffer.from(fixture(image)) });
      await page.selectOption("#suite", suite);

      const before = requests.length;
      await page.click("#sign");
      await page.waitForSelector("#result[data-verdict], #issue-error:not([hidden])");
      assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
      assert.equal(await verdictOf(page, "#result"), "verified");
      assert.deepEqual(requests.slice(before).filter((r) => !r.url.startsWith("blob:")), [], "no request while issuing");
      assert.ok(requests.every((r) => !r.url.includes(key.secretKeyMultibase) && !r.body.includes(key.secretKeyMultibase)), "no request carries the key");
      assert.deepEqual(foreignRequests(requests, env.origin), []);
      const signed = JSON.parse(await page.textContent("#signed-json"));
      assert.equal(signed.issuer.id, key.controller);
      assert.equal(JSON.stringify(signed).includes("bernard@example.org"), false);
      await screenshot(page, `issue-done-${suite}`);

      const badgeDownload = await Promise.all([page.waitForEvent("download"), page.click("#badge-download")]).then(([d]) => d);
      assert.equal(badgeDownload.suggestedFilename(), name);
      const baked = new Uint8Array(readFileSync(await badgeDownload.path()));

      await page.goto(`${env.origin}/`);
      await page.waitForSelector("html[data-ready='true']");
      await dropFile(page, baked, name, type);
      assert.equal(await verdictOf(page, "#result"), "verified");
      assert.match(await page.textContent("#result"), /Wheel Throwing I/);
      assert.match(await page.textContent("#result"), /Test Guild of Potters/);
      await page.close();
    });
  }
});
