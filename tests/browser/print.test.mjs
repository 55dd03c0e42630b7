// The print view: a verified badge's "Print certificate" makes a one-page certificate
// (Chromium's PDF on A4 and on US Letter has one page each, counted by pdf-lib), and its QR
// code, read by an independent decoder (jsQR) from the browser's rendering of the page,
// holds the exact verification link (or, for a credential whose link is too long, its own
// https id, which the certificate says). No verdict other than "verified" offers a certificate.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import jsQR from "jsqr";
import { PDFDocument } from "pdf-lib";
import { readFragment } from "../../web/lib/link.js";
import { badges, fixture, screenshot, startAll, verdictOf } from "./helpers.mjs";

let env;
before(async () => {
  env = await startAll();
});
after(async () => {
  await env?.close();
});

/** Opens the verify page, checks `bytes`, and returns the tab with its verdict. */
async function verify(bytes, name) {
  const tab = await env.openReady("/");
  // The print dialog is not part of the test: count the calls instead.
  await tab.page.evaluate(() => {
    window.printed = 0;
    window.print = () => {
      window.printed += 1;
    };
  });
  await tab.page.setInputFiles("#file", { name, mimeType: "image/png", buffer: Buffer.from(bytes) });
  return { ...tab, verdict: await verdictOf(tab.page, "#result") };
}

async function printCertificate(page) {
  await page.click("#result .print-certificate");
  await page.waitForSelector("html[data-certificate='ready']");
  assert.equal(await page.evaluate(() => window.printed), 1, "the page opened the print dialog once");
}

/** Pages in Chromium's PDF of the page, on `format` paper. */
async function pdfPages(page, format) {
  const pdf = await page.pdf({ format, printBackground: true });
  return (await PDFDocument.load(pdf)).getPageCount();
}

/** The text of the certificate's QR code, as jsQR reads it from the browser's rendering of it. */
async function decodeQr(page) {
  // The code's own <img> drawn large (as a printer's resolution would), then read back as pixels.
  const image = await page.evaluate(async () => {
    const img = document.querySelector("#certificate .certificate-qr");
    await img.decode();
    const size = 1000;
    const canvas = new OffscreenCanvas(size, size);
    const g = canvas.getContext("2d");
    g.imageSmoothingEnabled = false;
    g.drawImage(img, 0, 0, size, size);
    const data = g.getImageData(0, 0, size, size);
    return { width: data.width, height: data.height, data: Array.from(data.data) };
  });
  const code = jsQR(Uint8ClampedArray.from(image.data), image.width, image.height);
  assert.ok(code, "jsQR found a QR code in the certificate");
  return code.data;
}

/** A baked PNG badge signed with a new key, from the issuer page's form fields. */
async function makeBadge(fields) {
  const { loadIssuer } = await import("../../web/demo/make-badges.mjs");
  const { buildCredential } = await import("../../web/lib/credential.js");
  const issuer = await loadIssuer();
  const key = await issuer.generateKey();
  const credential = await issuer.signCredential(
    await buildCredential({ issuerId: key.controller, issuerName: "Kiln Demo Academy", recipientName: "Ada Potter", validFrom: "2024-01-01T00:00:00Z", ...fields }),
    key,
    { created: "2024-01-01T00:00:00Z" },
  );
  return issuer.bakeBadge(fixture("plain.png"), credential);
}

test("a verified badge prints on one A4 and one Letter page, and its QR code holds the exact verification link", async () => {
  // The demo badge's fields, recipient by name: a link of about 870 characters, QR version 21.
  // (With a hashed email it is version 23, which jsQR cannot read: its table of alignment
  // patterns has 74 where ISO/IEC 18004 has 78, cozmo/jsQR#251. Phones read it.)
  const png = await makeBadge({
    achievementName: "Kiln Glaze Chemistry",
    achievementDescription: "Mixed, fired and documented three glazes.",
    criteria: "Fire three test tiles at cone 6 and write down the recipe of each.",
    issuerUrl: "https://example.org/",
  });
  const { page, errors, requests } = await verify(png, "valid.png");
  assert.equal(await verdictOf(page, "#result"), "verified");
  await printCertificate(page);

  await page.emulateMedia({ media: "print" });
  await screenshot(page, "print-certificate");
  // Every fact on the sheet is the verified report's.
  const sheet = await page.textContent("#certificate");
  for (const text of ["Kiln Glaze Chemistry", "Ada Potter", "Mixed, fired and documented three glazes.", "Fire three test tiles at cone 6", "Kiln Demo Academy"]) {
    assert.ok(sheet.includes(text), `the certificate says ${text}`);
  }
  assert.match(sheet, /January 1, 2024/);
  assert.equal(await page.isVisible("#result"), false, "only the certificate is printed");
  assert.equal(await pdfPages(page, "A4"), 1);
  assert.equal(await pdfPages(page, "Letter"), 1);

  const payload = await page.textContent("#result details pre");
  // The link the page made and printed under the code; its DEFLATE bytes are the browser's own
  // (another deflater may write the same text differently), so what it carries is compared below.
  const expected = await page.getAttribute(".certificate-qr", "data-text");
  assert.ok(expected.startsWith(`${env.origin}/#c=1`), expected);
  assert.equal(await page.textContent("#certificate .certificate-link"), expected);
  assert.notEqual(await page.getAttribute(".certificate-qr", "data-version"), "23", "jsQR cannot read version 23 (see above)");
  const decoded = await decodeQr(page);
  assert.equal(decoded, expected);
  // The link carries the credential itself.
  const carried = new TextDecoder().decode(await readFragment(new URL(decoded).hash, 1 << 20));
  assert.deepEqual(JSON.parse(carried), JSON.parse(payload));
  assert.ok(Number(await page.getAttribute(".certificate-qr", "data-version")) <= 27);
  // The QR module was loaded for printing, and nothing left the page's origin.
  assert.ok(requests.some((r) => r.url.endsWith("/pkg/qr/kiln_wasm_bg.wasm")));
  assert.deepEqual(requests.filter((r) => !r.url.startsWith(env.origin) && !/^(blob|data):/.test(r.url)), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a credential too long for a printable link gets its https id in the code, says so, and still prints on one page", async () => {
  // A long description (hard to compress: a counter in words) makes the link too long for a 5 cm code.
  const description = Array.from({ length: 400 }, (_, i) => `step ${i * 7919 % 1000} of ${i}`).join(", ");
  const criteria = Array.from({ length: 200 }, (_, i) => `tile ${i * 104729 % 997}`).join("; ");
  const png = await makeBadge({
    achievementName: "Kiln Long Course", achievementDescription: description, criteria,
    id: "https://example.org/credentials/long-course",
  });
  const { page, errors } = await verify(png, "long.png");
  assert.equal(page && (await verdictOf(page, "#result")), "verified");
  await printCertificate(page);
  await page.emulateMedia({ media: "print" });
  assert.equal(await pdfPages(page, "A4"), 1);
  assert.equal(await pdfPages(page, "Letter"), 1);
  assert.match(await page.textContent("#certificate .certificate-note"), /credential's own address, https:\/\/example\.org\/credentials\/long-course/);
  assert.equal(await decodeQr(page), "https://example.org/credentials/long-course");
  await screenshot(page, "print-certificate-long");
  assert.deepEqual(errors, []);
  await page.close();
});

test("only a verified report offers a certificate", async () => {
  const { files } = await badges();
  for (const name of ["tampered.png", "expired.svg"]) {
    const { page, verdict } = await verify(files[name], name);
    assert.notEqual(verdict, "verified");
    assert.equal(await page.locator("#result .print-certificate").count(), 0, `${name}: no certificate`);
    await page.close();
  }
});

test("qrFor: the link when it fits, else the https id with a note, else the reason (the qr module in Node)", async () => {
  const { readFileSync } = await import("node:fs");
  const { qrFor } = await import("../../web/verify/print.js");
  const qr = await import("../../web/pkg/qr/kiln_wasm.js");
  await qr.default({ module_or_path: readFileSync(new URL("../../web/pkg/qr/kiln_wasm_bg.wasm", import.meta.url)) });
  assert.equal(qr.maxPrintVersion(), 27);
  const fixed = (link) => ({ makeLink: async () => link, qr });
  const report = (id) => ({ verdict: "verified", payload: "{}", credential: { id } });

  const short = await qrFor(report("urn:uuid:1"), "https://kiln.example/", fixed("https://kiln.example/#c=1abc"));
  assert.equal(short.text, "https://kiln.example/#c=1abc");
  assert.equal(short.kind, "link");
  assert.equal(short.printMm, 30, "a small code is printed 3 cm wide");

  // 1,466 bytes: one more than version 27 holds at level L.
  const long = `https://kiln.example/#c=1${"x".repeat(1466 - 25)}`;
  assert.equal(long.length, 1466);
  const byId = await qrFor(report("https://issuer.example/c/1"), "https://kiln.example/", fixed(long));
  assert.equal(byId.text, "https://issuer.example/c/1");
  assert.match(byId.note, /1466 characters/);
  for (const id of ["urn:uuid:1", "http://issuer.example/c/1", undefined]) {
    const none = await qrFor(report(id), "https://kiln.example/", fixed(long));
    assert.equal(none.svg, undefined);
    assert.match(none.problem, /no https address of its own/);
  }
  // A link that fits exactly is kept.
  const edge = `https://kiln.example/#c=1${"x".repeat(1465 - 25)}`;
  assert.equal((await qrFor(report("https://issuer.example/c/1"), "", fixed(edge))).version, 27);
});

test("the issuer page offers the certificate of the badge it just issued, its QR code holding the link to the verify page", async () => {
  const { page, errors } = await env.openReady("/issue/", 20000);
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => {
      window.printed += 1;
    };
  });
  await page.click("#generate-key");
  await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])");
  await page.fill("#issuer-name", "Kiln Demo Academy");
  await page.fill("#achievement-name", "Kiln Glaze Chemistry");
  await page.fill("#achievement-description", "Mixed, fired and documented three glazes.");
  await page.fill("#achievement-criteria", "Three test tiles.");
  await page.fill("#recipient-name", "Ada Potter");
  await page.click("#sign");
  assert.equal(await verdictOf(page, "#result"), "verified");
  await printCertificate(page);
  await page.emulateMedia({ media: "print" });
  const sheet = await page.textContent("#certificate");
  for (const text of ["Kiln Glaze Chemistry", "Ada Potter", "Kiln Demo Academy"]) assert.ok(sheet.includes(text), `the certificate says ${text}`);
  assert.equal(await pdfPages(page, "A4"), 1);
  const expected = await page.getAttribute(".certificate-qr", "data-text");
  assert.ok(expected.startsWith(`${env.origin}/#c=1`), `the link opens the verify page: ${expected}`);
  if (await page.getAttribute(".certificate-qr", "data-version") !== "23") assert.equal(await decodeQr(page), expected);
  assert.deepEqual(errors, []);
  await page.close();
});
