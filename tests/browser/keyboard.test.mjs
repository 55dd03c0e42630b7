// Keyboard only: the verify page and the <kiln-badge> widget are used with Tab, Shift+Tab,
// Enter, Space and Escape (no mouse, no element.click()), and whatever has the focus shows it.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { badges, startAll, verdictOf } from "./helpers.mjs";

let env;
before(async () => {
  env = await startAll();
  await env.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.origin });
});
after(async () => {
  await env?.close();
});

/**
 * The focused element, through open shadow roots: what it is, and whether a focus style is
 * drawn on it (an outline or a box-shadow).
 */
function focused(page) {
  return page.evaluate(() => {
    let hosts = [];
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) {
      hosts.push(a.id || a.localName);
      a = a.shadowRoot.activeElement;
    }
    if (!a || a === document.body) return { none: true };
    const s = getComputedStyle(a);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow !== "none" && s.boxShadow !== "";
    return {
      hosts,
      tag: a.localName,
      id: a.id,
      className: typeof a.className === "string" ? a.className : "",
      text: (a.getAttribute("aria-label") ?? a.textContent ?? "").trim().slice(0, 80),
      visible: outline || shadow,
    };
  });
}

/**
 * Presses `key` (Tab or Shift+Tab) until `match(focused)` holds, at most `limit` times; every
 * element passed on the way must show its focus.
 */
async function tabTo(page, match, { key = "Tab", limit = 40 } = {}) {
  const seen = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (f.none) continue;
    seen.push(`${f.hosts.join(">")}${f.hosts.length ? ">" : ""}${f.tag}#${f.id}.${f.className} "${f.text}"`);
    assert.ok(f.visible, `the focus is shown on ${seen.at(-1)}`);
    if (match(f)) return f;
  }
  assert.fail(`${key} never reached the element; focus went through:\n${seen.join("\n")}`);
}

/**
 * Opens the verify page with the browser's file chooser intercepted from the start: a listener
 * turns interception on, and that only takes effect a protocol round trip later, so a chooser
 * opened at once could go to the (headless) native dialog and never be seen.
 */
async function openVerify() {
  const opened = await env.openReady("/");
  opened.page.on("filechooser", () => {});
  await opened.page.evaluate(() => 0);
  return opened;
}

describe("keyboard only: verify page", () => {
  test("open a badge with the file chooser, read the checks and the credential, copy the link", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    await tabTo(page, (f) => f.id === "file");
    const chooser = page.waitForEvent("filechooser");
    await page.keyboard.press("Space");
    await (await chooser).setFiles({ name: "valid.png", mimeType: "image/png", buffer: Buffer.from(files["valid.png"]) });
    assert.equal(await verdictOf(page, "#result"), "verified");
    assert.match(await page.textContent("#announce"), /Verified/);
    // The result takes the focus: the next Tab goes into it.
    assert.equal(await page.evaluate(() => document.activeElement?.id), "result");
    await page.waitForSelector("#result .share[data-state='link']");

    await tabTo(page, (f) => f.className.includes("print-certificate"));
    await tabTo(page, (f) => f.className.includes("copy-link"));
    await page.keyboard.press("Enter");
    await page.waitForSelector("#result .share-status[data-copied]");
    assert.match(await page.textContent("#result .share-status"), /Copied|copy it/);
    await tabTo(page, (f) => f.className.includes("link-text"));
    await tabTo(page, (f) => f.className.includes("linkedin"));

    await tabTo(page, (f) => f.tag === "summary" && /Credential text/.test(f.text));
    assert.equal(await page.evaluate(() => document.querySelector("#result details").open), false);
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.querySelector("#result details").open), true);
    assert.match(await page.textContent("#result details pre"), /"proof"/);
    await page.keyboard.press("Space");
    assert.equal(await page.evaluate(() => document.querySelector("#result details").open), false);

    // And back to the file input, to open another.
    await tabTo(page, (f) => f.id === "file", { key: "Shift+Tab", limit: 60 });
    await page.close();
  });

  test("check pasted text, then go through a portfolio's lines", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    await tabTo(page, (f) => f.id === "paste");
    await page.keyboard.type("not a credential");
    await tabTo(page, (f) => f.id === "paste-verify");
    await page.keyboard.press("Enter");
    assert.equal(await verdictOf(page, "#result"), "error");
    assert.match(await page.textContent("#announce"), /Could not check/);

    await tabTo(page, (f) => f.id === "file", { key: "Shift+Tab" });
    const chooser = page.waitForEvent("filechooser");
    await page.keyboard.press("Enter");
    await (await chooser).setFiles([
      { name: "valid.png", mimeType: "image/png", buffer: Buffer.from(files["valid.png"]) },
      { name: "tampered.png", mimeType: "image/png", buffer: Buffer.from(files["tampered.png"]) },
    ]);
    await page.waitForFunction(() => document.querySelectorAll("#portfolio li[data-verdict]").length === 2, null, { timeout: 20000 });
    await tabTo(page, (f) => f.className === "line" && /tampered\.png/.test(f.text));
    await page.keyboard.press("Enter");
    const line = page.locator("#portfolio li", { hasText: "tampered.png" });
    assert.equal(await line.locator("button.line").getAttribute("aria-expanded"), "true");
    assert.equal(await line.locator(".portfolio-detail").isVisible(), true);
    await page.keyboard.press("Space");
    assert.equal(await line.locator("button.line").getAttribute("aria-expanded"), "false");
    await page.close();
  });
});

describe("keyboard only: widget", () => {
  test("Tab to a <kiln-badge>, open with Enter and Space, reach its controls, close with Escape", async () => {
    const { page } = await env.newPage();
    await page.goto(`${env.origin}/demo/`);
    await page.waitForFunction(() => [...document.querySelectorAll("kiln-badge")].every((b) => b.hasAttribute("data-verdict")), null, { timeout: 20000 });
    const badge = page.locator("#demo-valid-png");
    const face = badge.locator("button.face");
    const details = badge.locator(".details");

    await tabTo(page, (f) => f.hosts[0] === "demo-valid-png" && f.className === "face");
    await page.keyboard.press("Enter");
    assert.equal(await face.getAttribute("aria-expanded"), "true");
    assert.equal(await details.isVisible(), true);
    await page.keyboard.press("Escape");
    assert.equal(await face.getAttribute("aria-expanded"), "false");
    assert.equal(await details.isVisible(), false);
    await page.keyboard.press("Space");
    assert.equal(await face.getAttribute("aria-expanded"), "true");
    assert.equal(await details.isVisible(), true);
    await badge.locator(".share[data-state='link']").waitFor();

    // The controls inside the details, then Escape from inside: closed, and the focus back on the face.
    await tabTo(page, (f) => f.hosts[0] === "demo-valid-png" && f.className.includes("copy-link"));
    await page.keyboard.press("Enter");
    await badge.locator(".share-status[data-copied]").waitFor();
    await tabTo(page, (f) => f.hosts[0] === "demo-valid-png" && f.className.includes("link-text"));
    await tabTo(page, (f) => f.hosts[0] === "demo-valid-png" && f.className.includes("linkedin"));
    await page.keyboard.press("Escape");
    assert.equal(await details.isVisible(), false);
    const back = await focused(page);
    assert.equal(back.hosts[0], "demo-valid-png");
    assert.equal(back.className, "face");
    assert.ok(back.visible, "the focus is shown on the face again");

    // On to the next badge, and back with Shift+Tab.
    await tabTo(page, (f) => f.hosts[0] === "demo-valid-svg" && f.className === "face");
    await tabTo(page, (f) => f.hosts[0] === "demo-valid-png" && f.className === "face", { key: "Shift+Tab" });
    await page.close();
  });
});
