// web/serve.mjs: MIME types, index pages, no traversal, GET/HEAD only.
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, test } from "node:test";
import { startServer } from "../../web/serve.mjs";
import { ensureBuilt } from "./helpers.mjs";

let server;
let port;
before(async () => {
  ensureBuilt();
  server = await startServer({ port: 0 });
  port = server.address().port;
});
after(() => new Promise((r) => server.close(r)));

// Raw paths (no URL normalisation by a client library).
function get(path, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("serves the pages and the modules with their MIME types", async () => {
  for (const [path, type] of [
    ["/", "text/html"], ["/issue/", "text/html"], ["/demo/", "text/html"], ["/style.css", "text/css"],
    ["/widget/kiln-badge.js", "text/javascript"], ["/pkg/verifier/kiln_wasm.js", "text/javascript"],
    ["/pkg/verifier/kiln_wasm_bg.wasm", "application/wasm"], ["/pkg/issuer/kiln_wasm_bg.wasm", "application/wasm"],
    ["/demo/template.svg", "image/svg+xml"], ["/demo/template.png", "image/png"],
  ]) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assert.ok(res.headers["content-type"].startsWith(type), `${path}: ${res.headers["content-type"]}`);
  }
});

test("redirects a folder without its slash", async () => {
  const res = await get("/issue");
  assert.equal(res.status, 301);
  assert.equal(res.headers.location, "/issue/");
});

test("refuses paths outside web/, dotfiles, and other methods", async () => {
  for (const path of ["/../Cargo.toml", "/..%2fCargo.toml", "/%2e%2e/Cargo.toml", "/lib/..%2f..%2fCargo.toml", "/.hidden", "/%00", "/a%5c..%5cserve.mjs", "/%E0%A4%A"]) {
    const res = await get(path);
    assert.equal(res.status, 404, path);
    assert.ok(!res.body.toString().includes("[workspace]"), path);
  }
  assert.equal((await get("/", "POST")).status, 405);
  assert.equal((await get("/nothing-here.html")).status, 404);
});
