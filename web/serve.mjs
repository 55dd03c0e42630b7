#!/usr/bin/env node
// A static file server for web/: http://127.0.0.1:${PORT:-8080}/
// GET and HEAD only, files under web/ only (no traversal, no dotfiles),
// the right MIME type for every file the pages use (application/wasm above all).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const WEB = dirname(fileURLToPath(import.meta.url));

export const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".jws": "text/plain; charset=utf-8",
};

/** The file a URL path names under `root`, or null when it is not allowed. */
export function resolvePath(root, urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath.split("?")[0].split("#")[0]);
  } catch {
    return null;
  }
  if (!path.startsWith("/") || path.includes("\0") || path.includes("\\")) return null;
  const parts = path.split("/").filter((p) => p !== "");
  if (parts.some((p) => p === ".." || p.startsWith("."))) return null;
  const file = resolve(root, ...parts);
  if (file !== root && !file.startsWith(root + sep)) return null;
  return { file, directory: path.endsWith("/") || parts.length === 0 };
}

function send(res, status, text) {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
  res.end(text);
}

/**
 * Starts the server; resolves to the node http.Server once it listens.
 * `mounts` maps URL prefixes such as "/fixtures/" to other folders (tests).
 */
export function startServer({ port = 8080, host = "127.0.0.1", root = WEB, mounts = {}, log = false } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "method not allowed\n");
    let dir = base;
    let url = req.url ?? "/";
    for (const [prefix, folder] of Object.entries(mounts)) {
      if (url.startsWith(prefix)) {
        dir = resolve(folder);
        url = url.slice(prefix.length - 1);
        break;
      }
    }
    const target = resolvePath(dir, url);
    if (target === null) return send(res, 404, "not found\n");
    let file = target.file;
    try {
      let st = await stat(file);
      if (st.isDirectory()) {
        if (!target.directory) {
          res.writeHead(301, { location: `${req.url.split("?")[0]}/` });
          return res.end();
        }
        file = join(file, "index.html");
        st = await stat(file);
      }
      if (!st.isFile()) return send(res, 404, "not found\n");
      const type = MIME[extname(file).toLowerCase()] ?? "application/octet-stream";
      res.writeHead(200, {
        "content-type": type,
        "content-length": st.size,
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      if (log) console.log(`${req.method} ${req.url} 200`);
      if (req.method === "HEAD") return res.end();
      createReadStream(file).on("error", () => res.destroy()).pipe(res);
    } catch {
      if (log) console.log(`${req.method} ${req.url} 404`);
      send(res, 404, "not found\n");
    }
  });
  return new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolveListen(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: PORT must be a port number, got ${process.env.PORT}`);
    process.exit(2);
  }
  const server = await startServer({ port, log: process.env.KILN_SERVE_LOG === "1" });
  const { port: actual } = server.address();
  console.log(`Kiln is served at http://127.0.0.1:${actual}/ (verify), /issue/ (issue), /demo/ (widget demo)`);
}
