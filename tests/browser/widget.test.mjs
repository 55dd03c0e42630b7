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
});
