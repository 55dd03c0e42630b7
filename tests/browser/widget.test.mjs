// The <kiln-badge> widget on the demo page.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { foreignRequests, screenshot, startAll } from "./helpers.mjs";

let env;
before(async () => {
  env = await startAll();
});
after(async () => {
  await env?.close();
});

const DEMO = { "#demo-valid-png": "verified", "#demo-valid-svg": "verified", "#demo-tampered": "invalid", "#demo-expired": "invalid" };

async function openDemo() {
  const tab = await env.newPage();
  await tab.page.goto(`${env.origin}/demo/`);
  await tab.page.waitForFunction(() => [...document.querySelectorAll("kiln-badge")].every((b) => b.hasAttribute("data-verdict")), null, { timeout: 20000 });
  return tab;
}

describe("kiln-badge widget", () => {
  test("loads the verifier module once for all badges, sets data-verdict on each, and asks nothing of other sites", async () => {
    const { page, requests, errors } = await openDemo();
    assert.equal(await page.locator("kiln-badge").count(), Object.keys(DEMO).length);
    // Three more badges whose images load whatever the demo badges are.
    await page.evaluate(async () => {
      const added = ["plain.png", "plain.svg", "plain.png"].map((name) => {
        const badge = document.createElement("kiln-badge");
        badge.setAttribute("src", `/fixtures/${name}`);
        badge.className = "added";
        document.querySelector("main").append(badge);
        return new Promise((resolve) => badge.addEventListener("kiln-verified", resolve, { once: true }));
      });
      await Promise.all(added);
    });
    const wasm = requests.filter((r) => r.url.endsWith("/pkg/verifier/kiln_wasm_bg.wasm"));
    assert.equal(wasm.length, 1, "the verifier .wasm is fetched once");
    assert.ok(requests.every((r) => !r.url.includes("/pkg/issuer/")), "the issuer module is not loaded");
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    for (const id of [...Object.keys(DEMO), ".added >> nth=0", ".added >> nth=1", ".added >> nth=2"]) {
      assert.match(await page.locator(id).getAttribute("data-verdict"), /^(verified|invalid|error)$/);
    }
    await screenshot(page, "demo");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("Enter and Space open and close the details; click too", async () => {
    const { page } = await openDemo();
    const face = page.locator("#demo-valid-png").locator("button.face");
    const details = page.locator("#demo-valid-png").locator(".details");
    await face.focus();
    await page.keyboard.press("Enter");
    assert.equal(await face.getAttribute("aria-expanded"), "true");
    assert.equal(await details.isVisible(), true);
    assert.ok((await details.textContent()).length > 0);
    await page.keyboard.press("Space");
    assert.equal(await face.getAttribute("aria-expanded"), "false");
    assert.equal(await details.isVisible(), false);
    await face.click();
    assert.equal(await details.isVisible(), true);
    await screenshot(page, "demo-details");
    await page.close();
  });

  test("an SVG with <script> and handlers runs nothing inside the widget", async () => {
    const { page, errors } = await openDemo();
    const verdict = await page.evaluate(async () => {
      const badge = document.createElement("kiln-badge");
      badge.id = "hostile";
      badge.setAttribute("src", "/fixtures/script.svg");
      document.querySelector("main").append(badge);
      await new Promise((resolve) => badge.addEventListener("kiln-verified", resolve, { once: true }));
      return badge.getAttribute("data-verdict");
    });
    assert.match(verdict, /^(verified|invalid|error)$/);
    await page.locator("#hostile img").hover();
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.kilnPwned), undefined);
    assert.match(await page.locator("#hostile img").getAttribute("src"), /^blob:/);
    assert.equal(await page.evaluate(() => document.getElementById("hostile").shadowRoot.querySelectorAll("svg, script, iframe, object").length), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  // Needs kiln-core's signing, baking and verification (the demo badges are made by web/build.mjs).
  test("the demo badges show their expected verdicts", async () => {
    const { page } = await openDemo();
    for (const [id, expected] of Object.entries(DEMO)) {
      assert.equal(await page.getAttribute(id, "data-verdict"), expected, `${id} is ${expected}`);
    }
    await page.close();
  });

  test("with a trust list, a listed issuer is shown as trusted, beside the verdict", async () => {
    const { page, requests } = await openDemo();
    assert.equal(await page.getAttribute("#demo-valid-png", "data-identity"), "trust-list");
    assert.equal(await page.locator("#demo-valid-png .who").textContent(), "Trusted issuer");
    assert.match(await page.locator("#demo-valid-png button.face").getAttribute("aria-label"), /Verified, Trusted issuer/);
    await page.locator("#demo-valid-png button.face").click();
    assert.match(await page.locator("#demo-valid-png .details").textContent(), /trust list "Kiln demo trust list" as "Kiln Demo Academy"/);
    // A tampered badge by the same issuer: no valid signature, so nothing is confirmed.
    assert.equal(await page.getAttribute("#demo-tampered", "data-verdict"), "invalid");
    assert.equal(await page.getAttribute("#demo-tampered", "data-identity"), "not-confirmed");
    assert.equal(await page.locator("#demo-tampered .who").isVisible(), false);
    const lists = requests.filter((r) => r.url.endsWith("/pkg/demo/trust.json"));
    assert.equal(lists.length, 1, "the trust list is fetched once for all badges");
    // An unlisted issuer, and a list that cannot be loaded: the verdict does not change.
    await page.route(`${env.origin}/lists/other.json`, (route) => route.fulfill({
      contentType: "application/json", body: JSON.stringify({ name: "Other schools", issuers: [{ id: "did:key:z6MkOther" }] }),
    }));
    await page.route(`${env.origin}/lists/malformed.json`, (route) => route.fulfill({ contentType: "application/json", body: '{"name": "x"}' }));
    const results = await page.evaluate(async () => {
      const run = async (attrs) => {
        const badge = document.createElement("kiln-badge");
        // Appended below the demo's badges, out of view: checked at once, not when scrolled to.
        badge.setAttribute("loading", "eager");
        for (const [k, v] of Object.entries(attrs)) badge.setAttribute(k, v);
        document.querySelector("main").append(badge);
        await new Promise((resolve) => badge.addEventListener("kiln-verified", resolve, { once: true }));
        return { verdict: badge.dataset.verdict, identity: badge.dataset.identity, details: badge.shadowRoot.querySelector(".details").textContent };
      };
      return {
        unlisted: await run({ src: "/pkg/demo/valid.png", "trust-list": "/lists/other.json" }),
        missing: await run({ src: "/pkg/demo/valid.png", "trust-list": "/pkg/demo/no-such-list.json" }),
        malformed: await run({ src: "/pkg/demo/valid.png", "trust-list": "/lists/malformed.json" }),
      };
    });
    assert.deepEqual([results.unlisted.verdict, results.unlisted.identity], ["verified", "not-confirmed"]);
    assert.match(results.unlisted.details, /not in trust list "Other schools"/);
    assert.deepEqual([results.missing.verdict, results.missing.identity], ["verified", "not-confirmed"]);
    assert.match(results.missing.details, /could not be loaded \(HTTP 404\)/);
    assert.equal(results.malformed.verdict, "verified");
    assert.match(results.malformed.details, /not a valid trust list/);
    await page.close();
  });
});
