// Unit tests of the small shared modules of web/lib in Node: the picture
// sniffer (web/lib/sniff.js), the loopback-host test (web/lib/loopback.js) and
// the suite sniffer that sends a badge straight to verifier-full (web/lib/verify-step.js).
// Inputs are built here from readable parts; the PNG signature is the one
// the PNG specification gives (section 5.2).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { IMAGE_TYPES, imageKind } from "../../web/lib/sniff.js";
import { isLoopbackHost } from "../../web/lib/loopback.js";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { carriesJws, namesFullOnlySuite, needsFullModule } from "../../web/lib/verify-step.js";

const text = (s) => new TextEncoder().encode(s);
const PNG_SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);
const withTail = (head, tail) => Uint8Array.from([...head, ...tail]);

describe("imageKind", () => {
  test("a PNG by its full eight-byte signature", () => {
    assert.equal(imageKind(withTail(PNG_SIGNATURE, [0, 0, 0, 13])), "png");
    assert.equal(imageKind(PNG_SIGNATURE), "png");
  });

  test("the first four bytes of the signature alone are not a PNG", () => {
    assert.equal(imageKind(PNG_SIGNATURE.subarray(0, 4)), null);
    const broken = withTail(PNG_SIGNATURE.subarray(0, 7), [0]);
    assert.equal(imageKind(broken), null);
  });

  test("an SVG by its root element in the first 4 KB", () => {
    assert.equal(imageKind(text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')), "svg");
    assert.equal(imageKind(text("<!-- a comment -->\n<SVG>\n</SVG>")), "svg");
    const late = text(" ".repeat(5000) + "<svg></svg>");
    assert.equal(imageKind(late), null, "only the first 4 KB are read");
  });

  test("other bytes are no picture", () => {
    assert.equal(imageKind(text('{"@context": []}')), null);
    assert.equal(imageKind(text("<svgx>")), null);
    assert.equal(imageKind(new Uint8Array(0)), null);
  });

  test("each kind has its MIME type", () => {
    assert.equal(IMAGE_TYPES[imageKind(PNG_SIGNATURE)], "image/png");
    assert.equal(IMAGE_TYPES[imageKind(text("<svg viewBox=\"0 0 1 1\"></svg>"))], "image/svg+xml");
    assert.equal(IMAGE_TYPES[imageKind(text("no"))], undefined);
  });
});

describe("isLoopbackHost", () => {
  test("this machine's names, as URL.hostname gives them", () => {
    for (const url of ["http://127.0.0.1:8080/", "http://localhost/", "http://[::1]:3000/x"]) {
      assert.equal(isLoopbackHost(new URL(url).hostname), true, url);
    }
  });

  test("other hosts, including look-alikes", () => {
    for (const url of ["https://example.org/", "http://127.0.0.1.example.org/", "http://localhost.example/", "http://10.0.0.1/", "http://[::2]/"]) {
      assert.equal(isLoopbackHost(new URL(url).hostname), false, url);
    }
  });
});

describe("namesFullOnlySuite", () => {
  const proof = (suite) => `{"proof":{"type":"DataIntegrityProof","cryptosuite":"${suite}"}}`;

  test("the three ECDSA suites, anywhere in the bytes (a PNG's text chunk, an SVG's element)", () => {
    for (const suite of ["ecdsa-rdfc-2019", "ecdsa-jcs-2019", "ecdsa-sd-2023"]) {
      assert.equal(namesFullOnlySuite(text(proof(suite))), true, suite);
      assert.equal(namesFullOnlySuite(withTail(PNG_SIGNATURE, text(`iTXt openbadges\0\0\0\0\0${proof(suite)}`))), true, suite);
      assert.equal(namesFullOnlySuite(text(suite)), true, `${suite} at the very end`);
    }
  });

  test("the EdDSA suites, look-alikes and cut-off names do not", () => {
    for (const suite of ["eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2018", "ecdsa-", "ecdsa-sd-202", "ECDSA-SD-2023"]) {
      assert.equal(namesFullOnlySuite(text(proof(suite))), false, suite);
    }
    assert.equal(namesFullOnlySuite(text("ecdsa-sd-202")), false, "a name cut at the end of the bytes");
    assert.equal(namesFullOnlySuite(new Uint8Array(0)), false);
  });

  test("a name after many partial matches is still found", () => {
    assert.equal(namesFullOnlySuite(text("ecdsa-x ".repeat(1000) + "ecdsa-jcs-2019")), true);
    assert.equal(namesFullOnlySuite(text("eeeeecdsa-jcs-2019")), true);
  });
});

describe("carriesJws", () => {
  const ROOT = join(import.meta.dirname, "../..");
  const fixture = (path) => new Uint8Array(readFileSync(join(ROOT, "tests/fixtures", path)));

  test("every JWS-signed fixture: the token itself, and baked in a PNG or an SVG (1EdTech's, Kiln's own)", () => {
    const jws = ["jwt", "baking"].flatMap((dir) =>
      readdirSync(join(ROOT, "tests/fixtures", dir))
        .filter((f) => /jwt/.test(f) && /\.(jwt|png|svg)$/.test(f))
        .map((f) => `${dir}/${f}`));
    jws.push("ob2/simple.jwt", "ob2/simple-revoked.jwt");
    assert.ok(jws.length >= 12, jws.join(", "));
    for (const path of jws) {
      assert.equal(carriesJws(fixture(path)), true, path);
      assert.equal(needsFullModule(fixture(path)), true, path);
    }
    assert.equal(carriesJws(text(`\n  ${readFileSync(join(ROOT, "tests/fixtures/jwt/simple.jwt"), "utf8")}`)), true, "after white space");
  });

  test("JSON credentials, baked or not, do not", () => {
    for (const path of ["baking/ob3-1edtech-simple-json.png", "baking/ob3-1edtech-simple-json.svg", "baking/ob3-1edtech-simple.json",
      "baking/ob2-1edtech-simple-badge.png", "baking/ob2-mozilla-baked.svg", "ob2/basic-assertion.json"]) {
      assert.equal(carriesJws(fixture(path)), false, path);
    }
    assert.equal(carriesJws(text('{"description":"the text eyJ in a sentence"}')), false, "eyJ inside a word or after a space");
    assert.equal(carriesJws(text("ey")), false);
    assert.equal(carriesJws(new Uint8Array(0)), false);
  });
});
