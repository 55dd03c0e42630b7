// The baked picture is not covered by the signature: the verify page and the
// widget say so beside it, and show the credential's own image (a data: URL)
// next to it; an https image only when the person asks for it.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, fixture, foreignRequests, screenshot, startAll, verdictOf } from "./helpers.mjs";

const work = mkdtempSync(join(tmpdir(), "kiln-pictures-"));
let env;
let issuer;
let credential;
before(async () => {
  env = await startAll({ "/made/": work });
  issuer = await import("../../web/lib/issuer.js");
  credential = await import("../../web/lib/credential.js");
  await issuer.load(readFileSync(join(ROOT, "web/pkg/issuer/kiln_wasm_bg.wasm")));
});
after(async () => {
  await env?.close();
  rmSync(work, { recursive: true, force: true });
});

// The plain fixture PNG, as the credential's own image.
const DATA_PNG = `data:image/png;base64,${Buffer.from(fixture("plain.png")).toString("base64")}`;
// An SVG image that would run a script if it were ever put in the page as markup.
const DATA_SVG = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="window.kilnPwned=1"><script>window.kilnPwned=1</script><rect width="10" height="10"/></svg>',
).toString("base64")}`;

/** A PNG badge (plain.png baked) whose achievement carries `image`; tampered: its name changed after signing. */
async function badgeWithImage(image, { tampered = false } = {}) {
  const key = await issuer.generateKey();
  const unsigned = await credential.buildCredential({
    issuerId: key.controller, issuerName: "Kiln Demo Academy", achievementName: "Kiln Glaze Chemistry",
    achievementDescription: "Mixed, fired and documented three glazes.", criteria: "Fire three test tiles.",
    validFrom: "2024-01-01T00:00:00Z",
  });
  if (image !== undefined) unsigned.credentialSubject.achievement.image = image;
  const signed = await issuer.signCredential(unsigned, key, { suite: "eddsa-rdfc-2022" });
  if (tampered) signed.credentialSubject.achievement.name = "Kiln Master Potter";
  return issuer.bakeBadge(fixture("plain.png"), signed);
}

async function checkOnPage(bytes, name) {
  const tab = await env.openReady("/");
  await tab.page.setInputFiles("#file", { name, mimeType: "image/png", buffer: Buffer.from(bytes) });
  const verdict = await verdictOf(tab.page, "#result");
  return { ...tab, verdict };
}

describe("verify page", () => {
  test("says beside the baked picture that it is not signed, and shows the credential's data: image next to it", async () => {
    const { page, requests, errors, verdict } = await checkOnPage(await badgeWithImage({ id: DATA_PNG, type: "Image", caption: "A glazed tile" }), "with-image.png");
    assert.equal(verdict, "verified");
    assert.match(await page.textContent("#result .pictures .picture-note"), /not covered by the signature/);
    const signed = page.locator("#result .credential-image img");
    assert.equal(await signed.count(), 1);
    assert.equal(await signed.getAttribute("src"), DATA_PNG);
    assert.equal(await signed.getAttribute("alt"), "A glazed tile");
    assert.match(await page.textContent("#result .credential-image figcaption"), /signed credential/);
    assert.ok(await signed.evaluate((img) => img.complete && img.naturalWidth > 0), "the data: image was decoded");
    assert.deepEqual(foreignRequests(requests, env.origin), []);
    await screenshot(page, "verify-credential-image");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a badge without an image of its own still carries the note; a failed one says its image is not confirmed", async () => {
    const plain = await checkOnPage(await badgeWithImage(undefined), "no-image.png");
    assert.equal(plain.verdict, "verified");
    assert.match(await plain.page.textContent("#result .picture-note"), /not covered by the signature/);
    assert.equal(await plain.page.locator("#result .credential-image").count(), 0);
    await plain.page.close();
    const changed = await checkOnPage(await badgeWithImage(DATA_PNG, { tampered: true }), "tampered.png");
    assert.equal(changed.verdict, "invalid");
    assert.match(await changed.page.textContent("#result .credential-image figcaption"), /not confirmed/);
    await changed.page.close();
  });

  test("an https image is loaded only on the person's click, from the host the button names", async () => {
    const url = "https://images.example/badges/glaze.png";
    const { page, requests, verdict } = await checkOnPage(await badgeWithImage(url), "remote.png");
    assert.equal(verdict, "verified");
    await page.waitForTimeout(300);
    assert.ok(!requests.some((r) => r.url.startsWith("https://images.example/")), "nothing was asked of images.example before the click");
    const button = page.locator("#result .credential-image button");
    assert.equal(await button.textContent(), "Show the issuer's image (loads it from images.example)");
    assert.equal(await page.locator("#result .credential-image img").count(), 0);
    const asked = page.waitForRequest((r) => r.url() === url, { timeout: 5000 });
    await button.click();
    await asked;
    assert.equal(await page.locator("#result .credential-image img").getAttribute("src"), url);
    assert.equal(await page.locator("#result .credential-image img").getAttribute("referrerpolicy"), "no-referrer");
    await page.close();
  });

  test("an SVG data: image is shown only as <img> (its script never runs); other data: types are not shown; a large one on request", async () => {
    const svg = await checkOnPage(await badgeWithImage(DATA_SVG), "svg-image.png");
    assert.equal(svg.verdict, "verified");
    assert.equal(await svg.page.locator("#result .credential-image img").getAttribute("src"), DATA_SVG);
    await svg.page.waitForTimeout(300);
    assert.equal(await svg.page.evaluate(() => window.kilnPwned), undefined);
    assert.equal(await svg.page.locator("#result svg, #result script, #result iframe, #result object").count(), 0);
    await svg.page.close();
    const html = "data:text/html;base64,PHNjcmlwdD53aW5kb3cua2lsblB3bmVkPTE8L3NjcmlwdD4=";
    const other = await checkOnPage(await badgeWithImage(html), "html-image.png");
    assert.equal(await other.page.locator("#result .credential-image img").count(), 0);
    assert.equal(await other.page.locator("#result .credential-image button").count(), 0);
    assert.match(await other.page.textContent("#result .credential-image"), /not shown here/);
    assert.equal(await other.page.evaluate(() => window.kilnPwned), undefined);
    await other.page.close();
    // A data: image over 1 MB is drawn only on request, as a large baked picture is.
    const big = `data:image/png;base64,${Buffer.alloc(1_200_000, 7).toString("base64")}`;
    const large = await checkOnPage(await badgeWithImage(big), "large-image.png");
    assert.equal(await large.page.locator("#result .credential-image img").count(), 0);
    const show = large.page.locator("#result .credential-image button");
    assert.match(await show.textContent(), /^Show the image in the credential \(1\.6 MB: the page may pause while it is drawn\)$/);
    await show.click();
    assert.equal(await large.page.locator("#result .credential-image img").getAttribute("src"), big);
    await large.page.close();
  });
});

describe("kiln-badge widget", () => {
  test("says under its picture that the picture is not signed, and shows the credential's image in the details", async () => {
    writeFileSync(join(work, "with-image.png"), await badgeWithImage({ id: DATA_PNG, type: "Image" }));
    writeFileSync(join(work, "remote.png"), await badgeWithImage("https://images.example/glaze.png"));
    const { page, requests, errors } = await env.newPage();
    await page.goto(`${env.origin}/demo/`);
    await page.evaluate(() => {
      for (const [id, src] of [["w-data", "/made/with-image.png"], ["w-remote", "/made/remote.png"]]) {
        const badge = document.createElement("kiln-badge");
        badge.id = id;
        badge.setAttribute("src", src);
        document.querySelector("main").append(badge);
      }
    });
    assert.equal(await verdictOf(page, "#w-data"), "verified");
    assert.equal(await verdictOf(page, "#w-remote"), "verified");
    const data = page.locator("#w-data");
    assert.match(await data.locator(".note").textContent(), /not covered by the signature/);
    assert.equal(await data.locator(".note").isVisible(), true);
    assert.match(await data.locator("button.face").getAttribute("aria-label"), /not covered by the signature/);
    await data.locator("button.face").click();
    assert.equal(await data.locator(".details .credential-image img").getAttribute("src"), DATA_PNG);
    const remote = page.locator("#w-remote");
    await remote.locator("button.face").click();
    const show = remote.locator(".details .credential-image button");
    assert.equal(await show.textContent(), "Show the issuer's image (loads it from images.example)");
    assert.ok(!requests.some((r) => r.url.includes("images.example")), "nothing was asked of images.example before the click");
    const asked = page.waitForRequest((r) => r.url().startsWith("https://images.example/"), { timeout: 5000 });
    await show.click();
    await asked;
    assert.equal(await remote.locator(".details .credential-image img").count(), 1);
    await screenshot(page, "widget-credential-image");
    assert.deepEqual(errors, []);
    await page.close();
  });
});
