// "Use my domain" on the issuer page: the did:web set-up of `kiln did-web`
// (kiln-core's did:web rules, through the issuer module), did.json to
// download with where to publish it, and a check of what is published
// (fetched as the verifier fetches, with the verifier's words for what went
// wrong; read as the verifier reads it).
import * as issuer from "../lib/issuer.js";
import { fetchDocument } from "../lib/verifier.js";
import { isLoopbackHost } from "../lib/loopback.js";

const $ = (id) => document.getElementById(id);
const STORE = "kiln-issuer-domain";

/**
 * Wires the domain step. `key()` gives the page's key file or null;
 * `setKey(key, how)` replaces it (the did:web key signs from then on).
 * @returns {{ documents(): Record<string, object> }} the DID document made
 *   here, by DID, for checking a new badge before the document is published
 */
export function setupIdentity({ ready, key, setKey }) {
  let setup = null; // the did:web set-up of the current key, or null
  let didUrl = null;

  try {
    const saved = JSON.parse(localStorage.getItem(STORE) ?? "null");
    if (saved && typeof saved.domain === "string") {
      $("web-domain").value = saved.domain;
      $("web-path").value = typeof saved.path === "string" ? saved.path : "";
    }
  } catch {
    // no saved domain
  }

  function show(s) {
    setup = s;
    if (didUrl) URL.revokeObjectURL(didUrl);
    didUrl = null;
    $("did-check-status").textContent = "";
    delete $("did-check-status").dataset.outcome;
    if (!s) {
      $("did-download").hidden = true;
      $("did-check").hidden = true;
      $("domain-status").textContent = key()
        ? `Badges are issued with the key's own id (${key().controller}): verifiers show "Issuer not confirmed".`
        : "Badges are issued with the key's own id (did:key).";
      return;
    }
    didUrl = URL.createObjectURL(new Blob([JSON.stringify(s.document, null, 2) + "\n"], { type: "application/json" }));
    $("did-download").href = didUrl;
    $("did-download").hidden = false;
    $("did-check").hidden = false;
    $("domain-status").textContent =
      `Badges are issued as ${s.did}. Publish did.json at ${s.url} (exactly there, with the header Access-Control-Allow-Origin: *), ` +
      "then verifiers confirm that your badges come from your domain. Download the key file again: it now names your domain.";
  }

  // Each new key: is it set up for a domain already?
  document.addEventListener("kiln-key", async (event) => {
    const k = event.detail;
    if (typeof k?.controller === "string" && k.controller.startsWith("did:web:")) {
      try {
        show(await issuer.didWeb(k));
        return;
      } catch {
        // not one the page can set up: as a did:key below
      }
    }
    show(null);
  });

  $("use-domain").addEventListener("click", async () => {
    const status = $("domain-status");
    try {
      await ready;
      const k = key();
      if (!k) throw new Error("make or import a key first (step 1)");
      const domain = $("web-domain").value.trim();
      if (domain === "") {
        $("web-domain").focus();
        throw new Error("type your domain, such as example.edu");
      }
      const path = $("web-path").value.trim();
      const s = await issuer.didWeb(k, path === "" ? { domain } : { domain, path });
      localStorage.setItem(STORE, JSON.stringify({ domain, path }));
      setKey(s.key, `The key now issues as ${s.did}.`);
    } catch (e) {
      status.textContent = `The domain was not used: ${e.message}`;
    }
  });

  const documents = () => (setup && key()?.controller === setup.did ? { [setup.did]: setup.document } : {});

  $("did-check").addEventListener("click", async () => {
    const out = $("did-check-status");
    const k = key();
    if (!setup || !k) return;
    const { url, fetchUrl } = setup;
    out.textContent = `Fetching ${fetchUrl}...`;
    delete out.dataset.outcome;
    const answer = await fetchDocument(fetchUrl, { allowHttpLocalhost: isLoopbackHost(location.hostname) });
    const say = (outcome, text) => {
      out.dataset.outcome = outcome;
      out.textContent = text;
    };
    if ("failed" in answer) return say("unreachable", `Not confirmed: ${answer.failed}.`);
    if (answer.status === 404 || answer.status === 410) return say("missing", `Not confirmed: ${fetchUrl} was not found (HTTP ${answer.status}). Publish did.json at ${url}.`);
    if (answer.status !== 200) return say("unreachable", `Not confirmed: ${fetchUrl} answered HTTP ${answer.status} instead of the document.`);
    try {
      const { matches, detail } = await issuer.checkDidWebDocument(answer.body, k);
      say(matches ? "matches" : "different", matches ? `Confirmed: ${detail}.` : `Not confirmed: ${detail}.`);
    } catch (e) {
      say("different", `Not confirmed: ${e.message}.`);
    }
  });
  return { documents };
}
