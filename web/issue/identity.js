// "Use my domain" on the issuer page: the did:web set-up of `kiln did-web`
// (kiln-core's did:web rules, through the issuer module), did.json to
// download with where to publish it, and a check of what is published
// (fetched as the verifier fetches, with the verifier's words for what went
// wrong; read as the verifier reads it).
import * as issuer from "../lib/issuer.js";
import { fetchDocument } from "../lib/verifier.js";
import { isLoopbackHost } from "../lib/loopback.js";
import { translatorOf } from "../lib/report-view.js";

const $ = (id) => document.getElementById(id);
const t = (key, params) => translatorOf().t(key, params);
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
      $("domain-status").textContent = key() ? t("issue.msg.did-key-id", { id: key().controller }) : t("issue.msg.did-key");
      return;
    }
    didUrl = URL.createObjectURL(new Blob([JSON.stringify(s.document, null, 2) + "\n"], { type: "application/json" }));
    $("did-download").href = didUrl;
    $("did-download").hidden = false;
    $("did-check").hidden = false;
    $("domain-status").textContent = t("issue.msg.did-web", { did: s.did, url: s.url });
  }

  // The page's language set or changed: the status in it.
  document.addEventListener("kiln-language", () => show(setup));

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
      if (!k) throw new Error(t("issue.msg.key-first"));
      const domain = $("web-domain").value.trim();
      if (domain === "") {
        $("web-domain").focus();
        throw new Error(t("issue.msg.domain-first"));
      }
      const path = $("web-path").value.trim();
      const s = await issuer.didWeb(k, path === "" ? { domain } : { domain, path });
      localStorage.setItem(STORE, JSON.stringify({ domain, path }));
      setKey(s.key, t("issue.msg.key-issues-as", { did: s.did }));
    } catch (e) {
      status.textContent = t("issue.msg.domain-failed", { reason: e.message });
    }
  });

  const documents = () => (setup && key()?.controller === setup.did ? { [setup.did]: setup.document } : {});

  $("did-check").addEventListener("click", async () => {
    const out = $("did-check-status");
    const k = key();
    if (!setup || !k) return;
    const { url, fetchUrl } = setup;
    out.textContent = t("issue.msg.fetching", { url: fetchUrl });
    delete out.dataset.outcome;
    const answer = await fetchDocument(fetchUrl, { allowHttpLocalhost: isLoopbackHost(location.hostname) });
    const say = (outcome, text) => {
      out.dataset.outcome = outcome;
      out.textContent = text;
    };
    if ("failed" in answer) return say("unreachable", t("issue.msg.not-confirmed", { reason: answer.failed }));
    if (answer.status === 404 || answer.status === 410) return say("missing", t("issue.msg.did-missing", { fetchUrl, status: String(answer.status), url }));
    if (answer.status !== 200) return say("unreachable", t("issue.msg.did-http", { fetchUrl, status: String(answer.status) }));
    try {
      const { matches, detail } = await issuer.checkDidWebDocument(answer.body, k);
      say(matches ? "matches" : "different", t(matches ? "issue.msg.confirmed" : "issue.msg.not-confirmed", { reason: detail }));
    } catch (e) {
      say("different", t("issue.msg.not-confirmed", { reason: e.message }));
    }
  });
  return { documents };
}
