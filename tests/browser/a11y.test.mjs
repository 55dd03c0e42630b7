// Accessibility: axe-core (from the npm registry) finds no WCAG 2.2 A/AA violation on the verify
// page, the issuer page, the demo page and the <kiln-badge> widget in each of its states (checking,
// verified, not valid, could not check, details open) and <kiln-badge-list>; and the verdict is
// said in a live region that exists before the verdict is written into it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, badges, startAll, verdictOf } from "./helpers.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const work = mkdtempSync(join(tmpdir(), "kiln-a11y-"));
let env;

/** A page of widgets in every state; /a11y/hang.png is never answered (a badge still checking). */
const WIDGETS = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Widgets</title>
<script type="module" src="/widget/kiln-badge.js"></script></head>
<body><main><h1>Badges</h1>
<kiln-badge id="verified" src="/a11y/valid.png"></kiln-badge>
<kiln-badge id="svg" src="/a11y/valid.svg"></kiln-badge>
<kiln-badge id="invalid" src="/a11y/tampered.png"></kiln-badge>
<kiln-badge id="expired" src="/a11y/expired.svg"></kiln-badge>
<kiln-badge id="error" src="/a11y/garbage.bin"></kiln-badge>
<kiln-badge id="checking" src="/a11y/hang.png"></kiln-badge>
<h2>Portfolio</h2>
<kiln-badge-list id="by-src" src="/a11y/valid.png /a11y/tampered.png /a11y/garbage.bin"></kiln-badge-list>
<kiln-badge-list id="by-children"><kiln-badge src="/a11y/valid.svg"></kiln-badge><kiln-badge src="/a11y/expired.svg"></kiln-badge></kiln-badge-list>
</main></body></html>`;

before(async () => {
  const { files } = await badges();
  for (const name of ["valid.png", "valid.svg", "tampered.png", "expired.svg"]) writeFileSync(join(work, name), files[name]);
  writeFileSync(join(work, "garbage.bin"), "\u0000\u0001 this is no badge");
  writeFileSync(join(work, "widgets.html"), WIDGETS);
  env = await startAll(
    { "/a11y/": work, "/axe/": join(ROOT, "node_modules", "axe-core") },
    { intercept: (req) => req.url.startsWith("/a11y/hang.png") },
  );
});
after(async () => {
  await env?.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Runs axe-core on the page (open shadow roots included) and fails with each violation's rule,
 * impact, targets and axe's summary of what to fix.
 */
async function assertAccessible(page, where) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ url: "/axe/axe.min.js" });
  const violations = await page.evaluate(async (values) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary.replace(/\s+/g, " ")}`),
    }));
  }, TAGS);
  const said = violations.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join("\n    ")}`).join("\n");
  assert.equal(violations.length, 0, `axe-core, ${where}:\n${said}`);
}

const openVerify = () => env.openReady("/");

async function checkFile(page, bytes, name, mimeType) {
  await page.setInputFiles("#file", { name, mimeType, buffer: Buffer.from(bytes) });
  return verdictOf(page, "#result");
}

describe("axe-core: verify page", () => {
  test("empty", async () => {
    const { page } = await openVerify();
    await assertAccessible(page, "verify page, empty");
    await page.close();
  });

  test("verified, with the credential text and the checks open, the share box, the print view", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    await page.evaluate(() => {
      window.print = () => {};
    });
    assert.equal(await checkFile(page, files["valid.png"], "valid.png", "image/png"), "verified");
    await page.waitForSelector("#result .share[data-state]:not([data-state='making'])");
    await assertAccessible(page, "verify page, verified");
    await page.evaluate(() => {
      for (const d of document.querySelectorAll("#result details")) d.open = true;
    });
    await assertAccessible(page, "verify page, verified, details open");
    await page.click("#result .print-certificate");
    await page.waitForSelector("html[data-certificate='ready']");
    await page.emulateMedia({ media: "print" });
    await assertAccessible(page, "verify page, print view");
    await page.close();
  });

  test("not valid (tampered, expired)", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    assert.equal(await checkFile(page, files["tampered.png"], "tampered.png", "image/png"), "invalid");
    await page.evaluate(() => {
      for (const d of document.querySelectorAll("#result details")) d.open = true;
    });
    await assertAccessible(page, "verify page, not valid (tampered)");
    assert.equal(await checkFile(page, files["expired.svg"], "expired.svg", "image/svg+xml"), "invalid");
    await assertAccessible(page, "verify page, not valid (expired)");
    await page.close();
  });

  test("could not check", async () => {
    const { page } = await openVerify();
    assert.equal(await checkFile(page, new TextEncoder().encode("\u0000\u0001 this is no badge"), "garbage.bin", "application/octet-stream"), "error");
    await assertAccessible(page, "verify page, could not check");
    await page.close();
  });

  test("a portfolio, one line open", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    await page.setInputFiles("#file", [
      { name: "valid.png", mimeType: "image/png", buffer: Buffer.from(files["valid.png"]) },
      { name: "tampered.png", mimeType: "image/png", buffer: Buffer.from(files["tampered.png"]) },
      { name: "garbage.bin", mimeType: "application/octet-stream", buffer: Buffer.from("no badge") },
    ]);
    await page.waitForFunction(() => document.querySelectorAll("#portfolio li[data-verdict]").length === 3, null, { timeout: 20000 });
    await page.click("#portfolio li >> nth=0 >> button.line");
    await assertAccessible(page, "verify page, portfolio");
    await page.close();
  });

  test("the live region exists before the check and then says the verdict", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    const before = await page.evaluate(() => {
      const region = document.getElementById("announce");
      window.liveRegion = region;
      return { role: region?.getAttribute("role"), live: region?.getAttribute("aria-live"), text: region?.textContent };
    });
    assert.equal(before.role, "status");
    assert.equal(before.live, "polite");
    assert.equal(before.text, "");
    for (const [name, verdict, words] of [["valid.png", "verified", /Verified/], ["tampered.png", "invalid", /Not valid/]]) {
      assert.equal(await checkFile(page, files[name], name, "image/png"), verdict);
      const after = await page.evaluate(() => ({ same: document.getElementById("announce") === window.liveRegion, text: window.liveRegion.textContent }));
      assert.ok(after.same, "the verdict is written into the region that was there before");
      assert.match(after.text, words);
    }
    await page.close();
  });
});

describe("axe-core: issuer page", () => {
  test("initial, and with a key and a preview", async () => {
    const { page } = await env.openReady("/issue/", 60000);
    await assertAccessible(page, "issuer page, initial");
    await page.click("#generate-key");
    await page.waitForFunction(() => /Issuer id/.test(document.getElementById("key-status").textContent), null, { timeout: 20000 });
    await page.fill("#issuer-name", "Kiln Demo Academy");
    await page.fill("#achievement-name", "Glaze chemistry");
    await page.fill("#recipient-name", "Ada Potter");
    await page.waitForSelector("#preview[data-rendered]:not([hidden])", { timeout: 20000 });
    await assertAccessible(page, "issuer page, key and preview");
    await page.close();
  });
});

describe("axe-core: demo page and widget", () => {
  test("demo page, checked, then with details open", async () => {
    const { page } = await env.newPage();
    await page.goto(`${env.origin}/demo/`);
    await page.waitForFunction(() => [...document.querySelectorAll("kiln-badge")].every((b) => b.hasAttribute("data-verdict")), null, { timeout: 20000 });
    await assertAccessible(page, "demo page");
    for (const id of ["#demo-valid-png", "#demo-tampered"]) await page.locator(id).locator("button.face").click();
    await page.waitForSelector("#demo-valid-png .share[data-state='link']");
    await assertAccessible(page, "demo page, details open");
    await page.close();
  });

  test("every state of <kiln-badge> and <kiln-badge-list>, closed and open", async () => {
    const { page } = await env.newPage();
    await page.goto(`${env.origin}/a11y/widgets.html`);
    await page.waitForFunction(() => document.querySelectorAll("kiln-badge[data-verdict]").length === 10, null, { timeout: 30000 });
    assert.deepEqual(
      await page.evaluate(() => Object.fromEntries(["verified", "svg", "invalid", "expired", "error", "checking"].map((id) => [id, document.getElementById(id).getAttribute("data-verdict")]))),
      { verified: "verified", svg: "verified", invalid: "invalid", expired: "invalid", error: "error", checking: null },
    );
    await assertAccessible(page, "widgets, closed");
    for (const id of ["verified", "invalid", "error", "checking"]) await page.locator(`#${id}`).locator("button.face").click();
    await page.locator("#by-src kiln-badge >> nth=0").locator("button.face").click();
    await page.waitForSelector("#verified .share[data-state='link']");
    await assertAccessible(page, "widgets, details open");
    await page.close();
  });

  test("the widget's and the list's live regions exist before the verdict and then say it", async () => {
    const { page } = await env.newPage();
    await page.goto(`${env.origin}/a11y/widgets.html`);
    // Added now, so that the regions are seen before their badges are checked.
    const before = await page.evaluate(() => {
      const badge = document.createElement("kiln-badge");
      const list = document.createElement("kiln-badge-list");
      list.setAttribute("src", "/a11y/valid.png /a11y/tampered.png");
      badge.setAttribute("src", "/a11y/tampered.png");
      // Appended below the page's badges, perhaps out of view: checked at once, not when scrolled to.
      badge.setAttribute("loading", "eager");
      list.setAttribute("loading", "eager");
      document.querySelector("main").append(badge, list);
      window.badge = badge;
      window.list = list;
      window.badgeRegion = badge.shadowRoot.querySelector('[role="status"]');
      window.listRegion = list.shadowRoot.querySelector('[role="status"]');
      const said = (r) => r && { role: r.getAttribute("role"), live: r.getAttribute("aria-live"), text: r.textContent };
      return { badge: said(window.badgeRegion), list: said(window.listRegion), verdict: badge.getAttribute("data-verdict") };
    });
    assert.equal(before.verdict, null, "seen before the check");
    assert.ok(before.badge, "the widget has a live region before its check");
    assert.ok(before.list, "the list has a live region before its check");
    assert.ok(before.badge.live === "polite" || before.badge.live === "assertive");
    assert.equal(before.list.live, "polite");
    assert.equal(before.list.role, "status");
    await page.waitForFunction(() => window.badge.hasAttribute("data-verdict") && window.list.hasAttribute("data-verdict"), null, { timeout: 20000 });
    const after = await page.evaluate(() => ({
      verdict: window.badge.getAttribute("data-verdict"),
      badgeSame: window.badgeRegion.isConnected && window.badgeRegion.getRootNode() === window.badge.shadowRoot,
      badgeText: window.badgeRegion.textContent,
      listSame: window.listRegion.isConnected && window.listRegion.getRootNode() === window.list.shadowRoot,
      listText: window.listRegion.textContent,
    }));
    assert.equal(after.verdict, "invalid");
    assert.ok(after.badgeSame && after.listSame, "the verdicts are written into the regions that were there before");
    assert.match(after.badgeText, /Not valid/);
    assert.match(after.listText, /2 badges: 1 verified, 1 not valid/);
    await page.close();
  });
});
