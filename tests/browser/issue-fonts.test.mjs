// Fonts on the issuer page: a template exported from a design tool names a
// family Kiln does not have (Arial) and its text is still drawn, with a
// warning naming the replacement; the issuer's own font file ("Your fonts")
// is used by a template naming its family, in the preview and in the badges
// of a class; a file that is no font is refused, naming it.
//
// The test font is crates/kiln-render/tests/fonts/KilnTestMono.ttf (DejaVu
// Sans Mono cut to ASCII and renamed "Kiln Test Mono", so that no installed
// font has its family: see the README beside it).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as issuer from "../../web/lib/issuer.js";
import { ROOT, startAll } from "./helpers.mjs";

const TEST_FONT = readFileSync(join(ROOT, "crates", "kiln-render", "tests", "fonts", "KilnTestMono.ttf"));

let env;
before(async () => {
  env = await startAll();
  await issuer.load(readFileSync(join(ROOT, "web", "pkg", "issuer", "kiln_wasm_bg.wasm")));
});
after(async () => {
  await env?.close();
});

/** An SVG template as Inkscape writes one: the family in a style attribute, a tspan, a transform. */
const inkscapeTemplate = (family) =>
  '<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" width="400" height="120" viewBox="0 0 400 120">' +
  '<rect width="400" height="120" fill="#ffffff"/>' +
  `<g transform="translate(10,0)"><text x="0" y="70" xml:space="preserve" style="font-size:40px;font-family:${family};fill:#000000">` +
  '<tspan sodipodi:role="line" x="0" y="70">{{recipient.name}}</tspan></text></g></svg>';

async function openWithTemplate(svg) {
  const { page, errors } = await env.openReady("/issue/", 20000);
  await page.fill("#recipient-name", "Ada Lovelace");
  await page.setInputFiles("#template-file", { name: "mine.svg", mimeType: "image/svg+xml", buffer: Buffer.from(svg) });
  // The preview of this template (the page's first one is of its default design).
  await page.waitForFunction(() => {
    const img = document.querySelector("#preview");
    return document.querySelector("#preview-status").textContent.startsWith("The mine.svg design") && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 30000 });
  return { page, errors };
}

/** Waits for a preview newer than `previous` (the preview's data-rendered), and returns its number. */
async function waitForPreview(page, previous) {
  await page.waitForFunction(
    (prev) => {
      const img = document.querySelector("#preview");
      return img.dataset.rendered !== undefined && img.dataset.rendered !== prev && img.complete && img.naturalWidth > 0;
    },
    previous,
    { timeout: 30000 },
  );
  return page.getAttribute("#preview", "data-rendered");
}

/** The preview's dark pixels (the text: the template's background is white) and a digest of all its pixels. */
function previewPixels(page) {
  return page.evaluate(async () => {
    const img = document.querySelector("#preview");
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext("2d");
    g.drawImage(img, 0, 0);
    const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    let digest = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] < 128 && data[i + 3] > 128) dark++;
      digest = (Math.imul(digest, 31) + data[i] + data[i + 1] * 3 + data[i + 2] * 7) | 0;
    }
    return { dark, digest };
  });
}

const warningsOf = async (page) => ((await page.isVisible("#preview-warnings")) ? await page.textContent("#preview-warnings") : "");

describe("fonts on the issuer page", () => {
  test("an Inkscape template naming Arial: the name is drawn with DejaVu Sans, and the page says so", async () => {
    const { page, errors } = await openWithTemplate(inkscapeTemplate("Arial"));
    assert.match(await warningsOf(page), /Arial is not available: DejaVu Sans used/);
    const { dark } = await previewPixels(page);
    // "Ada Lovelace" at 40 px draws thousands of dark pixels; text that vanished draws none.
    assert.ok(dark > 1000, `the recipient's name is drawn (${dark} dark pixels)`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the issuer's own font is used where the template names its family, and the warning goes", async () => {
    const { page, errors } = await openWithTemplate(inkscapeTemplate("'Kiln Test Mono'"));
    assert.match(await warningsOf(page), /Kiln Test Mono is not available: DejaVu Sans used/);
    const fallback = await previewPixels(page);
    const previous = await page.getAttribute("#preview", "data-rendered");

    await page.setInputFiles("#font-files", { name: "KilnTestMono.ttf", mimeType: "font/ttf", buffer: TEST_FONT });
    await waitForPreview(page, previous);
    assert.match(await page.textContent("#font-status"), /Your fonts: Kiln Test Mono \(1 file\)/);
    assert.equal(await warningsOf(page), "", "no family is replaced once the font is loaded");
    const own = await previewPixels(page);
    assert.ok(own.dark > 1000, `the name is drawn with the loaded font (${own.dark} dark pixels)`);
    assert.notEqual(own.digest, fallback.digest, "the picture differs from the DejaVu Sans one");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a file that is no font is refused, naming it; the page keeps working", async () => {
    const { page } = await openWithTemplate(inkscapeTemplate("Arial"));
    await page.setInputFiles("#font-files", { name: "notes.ttf", mimeType: "font/ttf", buffer: Buffer.from("this is not a font") });
    await page.waitForSelector("#issue-error:not([hidden])");
    assert.match(await page.textContent("#font-status"), /Fonts not loaded: notes\.ttf: .*font/i);
    assert.match(await page.textContent("#issue-error"), /notes\.ttf/);
    await page.close();
  });

  test("a missing glyph's warning says where the fix is on this page", async () => {
    const { page } = await openWithTemplate(inkscapeTemplate("Arial").replace("{{recipient.name}}", "{{recipient.name}} 日本"));
    assert.match(await warningsOf(page), /no font has the glyphs for: 日, 本.*Your fonts/);
    assert.doesNotMatch(await warningsOf(page), /--font/, "the page names its own fix, not the CLI's");
    await page.close();
  });
});

describe("fonts in the issuer module (Node)", () => {
  const values = { "recipient.name": "Grace Hopper" };

  test("renderTemplate with loadFonts: the family is found, without it the fallback is named", async () => {
    const svg = inkscapeTemplate("'Kiln Test Mono'");
    const plain = await issuer.renderTemplate(svg, values);
    assert.match(plain.warnings.join("\n"), /Kiln Test Mono is not available/);
    const loaded = await issuer.loadFonts([{ name: "KilnTestMono.ttf", data: new Uint8Array(TEST_FONT) }]);
    assert.deepEqual(loaded.families, ["Kiln Test Mono"]);
    const own = await issuer.renderTemplate(svg, values, { fonts: loaded });
    assert.deepEqual(own.warnings, []);
    assert.notDeepEqual(Buffer.from(own.png), Buffer.from(plain.png), "another font, another picture");
  });

  test("loadFonts names the file that is no font, and renderTemplate refuses fonts it did not make", async () => {
    await assert.rejects(
      issuer.loadFonts([{ name: "ok.ttf", data: new Uint8Array(TEST_FONT) }, { name: "bad.otf", data: new Uint8Array([0, 1, 0, 0, 9, 9]) }]),
      (e) => /^bad\.otf: /.test(e.message) && e.code === "font-unreadable",
    );
    await assert.rejects(issuer.renderTemplate(inkscapeTemplate("Arial"), values, { fonts: { fonts: {} } }), (e) => e.code === "bad-options");
  });
});
