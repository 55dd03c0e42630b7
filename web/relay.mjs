#!/usr/bin/env node
// A minimal relay for online checks from web pages: some issuers' servers do
// not send Access-Control-Allow-Origin, so a page cannot read their did.json,
// status lists or hosted assertions. A site that wants its visitors to check
// such badges runs this (or its like) itself and names it in its page:
//   <meta name="kiln-relay" content="https://relay.example/?url={url}">
// or <kiln-badge relay="https://relay.example/?url={url}">.
//
//   node web/relay.mjs [--port 8788]
//
// It answers GET /?url=<URL-encoded https URL> with that document: https
// targets only (redirects too), at most 1 MB, within 10 s, no cookies or other
// headers of the visitor forwarded, and with Access-Control-Allow-Origin: *.
// The upstream status is passed on (404 stays 404); no answer is 502, too slow
// is 504, too large is 413. It keeps nothing. It sees which documents are asked
// for, so run it where your visitors would trust it (your own site).
import { createServer } from "node:http";
import { isLoopbackHost } from "./lib/loopback.js";

export const MAX_BYTES = 1_000_000;
export const TIME_MS = 10_000;

/**
 * Whether the relay fetches `target`: https only; plain http to this machine
 * only when `allowHttpLocalhost` (for tests).
 */
function allowed(target, allowHttpLocalhost) {
  let url;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "") return false;
  if (url.protocol === "https:") return true;
  return allowHttpLocalhost && url.protocol === "http:" && isLoopbackHost(url.hostname);
}

const CORS = { "access-control-allow-origin": "*", "cache-control": "no-store" };

function answer(res, status, body, type = "text/plain; charset=utf-8") {
  res.writeHead(status, { ...CORS, "content-type": type });
  res.end(body);
}

/** Reads at most `max` bytes of the response's body; null when it has more. */
async function boundedBody(response, max) {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > max) return null;
  const chunks = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function relay(req, res, { allowHttpLocalhost, maxBytes, timeMs }) {
  if (req.method === "OPTIONS") {
    res.writeHead(204, { ...CORS, "access-control-allow-methods": "GET" });
    res.end();
    return;
  }
  if (req.method !== "GET") return answer(res, 405, "GET only\n");
  const target = new URL(req.url ?? "/", "http://relay").searchParams.get("url");
  if (!target || !allowed(target, allowHttpLocalhost)) return answer(res, 400, "?url= must be an https URL\n");
  const signal = AbortSignal.timeout(timeMs);
  let response;
  try {
    // Only this request's own headers: never the visitor's cookies, credentials or referrer.
    response = await fetch(target, { headers: { accept: "application/json, application/ld+json;q=0.9, */*;q=0.1" }, redirect: "follow", signal });
  } catch (e) {
    return signal.aborted ? answer(res, 504, `${target} did not answer within ${timeMs} ms\n`) : answer(res, 502, `${target} could not be reached\n`);
  }
  if (!allowed(response.url || target, allowHttpLocalhost)) return answer(res, 502, `${target} redirected away from https\n`);
  let body;
  try {
    body = await boundedBody(response, maxBytes);
  } catch {
    return signal.aborted ? answer(res, 504, `${target} did not answer within ${timeMs} ms\n`) : answer(res, 502, `${target} broke off\n`);
  }
  if (body === null) return answer(res, 413, `${target} is larger than ${maxBytes} bytes\n`);
  answer(res, response.status, body, response.headers.get("content-type") ?? "application/octet-stream");
}

/**
 * Starts the relay: resolves to the http.Server once it listens.
 * @param {{ port?: number, host?: string, allowHttpLocalhost?: boolean, maxBytes?: number, timeMs?: number }} [options]
 */
export function startRelay({ port = 8788, host = "127.0.0.1", allowHttpLocalhost = false, maxBytes = MAX_BYTES, timeMs = TIME_MS } = {}) {
  const server = createServer((req, res) => {
    relay(req, res, { allowHttpLocalhost, maxBytes, timeMs }).catch(() => {
      if (!res.headersSent) answer(res, 500, "relay failed\n");
      else res.destroy();
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf("--port");
  const port = at > 0 ? Number(process.argv[at + 1]) : 8788;
  const server = await startRelay({ port });
  console.log(`relay on http://127.0.0.1:${server.address().port}/?url={url} (put it behind https)`);
}
