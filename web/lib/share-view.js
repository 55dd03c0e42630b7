// "Share this badge": the verification link (copied to the clipboard), or,
// for a credential too large for a useful link, the file instead; and, for a
// verified badge, LinkedIn's "Add to profile". Used by the verify page, the
// issuer page and the widget's details.
import { el } from "./dom.js";
import { pageTranslator } from "./i18n.js";
import { linkedInUrl } from "./linkedin.js";
import { SHAREABLE_LINK_CHARS, makeLink } from "./link.js";

const https = (v) => (typeof v === "string" && v.startsWith("https://") ? v : null);

/**
 * The share box of a report, or null when it has no credential to share.
 * Its link is made at once (no network: the credential goes into the link's
 * fragment); the box sets data-link and data-link-chars when done, and
 * data-state="link" or "too-long".
 * @param {object} report a verification report (its payload is the credential text)
 * @param {{ base: string, onlyVerified?: boolean, compact?: boolean, tr?: import("./i18n.js").Translator }} options
 *   base: the verify page's address the link opens; onlyVerified: no box for
 *   a report that is not verified; compact: shorter wording (the widget);
 *   tr: the language (the page's by default).
 * @returns {HTMLElement | null}
 */
export function shareBox(report, { base, onlyVerified = false, compact = false, tr = pageTranslator() }) {
  const t = tr?.t ?? ((key) => key);
  const verdict = report?.verdict;
  if (typeof report?.payload !== "string" || report.payload === "" || verdict === "error") return null;
  if (onlyVerified && verdict !== "verified") return null;
  const box = el("div", null, "share");
  box.append(el(compact ? "strong" : "h3", t("share.title")));
  const status = el("p", "", "hint share-status");
  status.setAttribute("aria-live", "polite");
  box.dataset.state = "making";
  box.done = makeLink(report.payload, base).then(
    (link) => fill(box, status, report, link, compact, t),
    (e) => {
      box.dataset.state = "failed";
      status.textContent = t("share.failed", { reason: String(e?.message ?? e) });
      box.append(status);
    },
  );
  return box;
}

function fill(box, status, report, link, compact, t) {
  const chars = link.length;
  box.dataset.linkChars = String(chars);
  const certUrl = chars <= SHAREABLE_LINK_CHARS ? link : https(report.credential?.id);
  if (chars <= SHAREABLE_LINK_CHARS) {
    box.dataset.state = "link";
    box.dataset.link = link;
    const button = el("button", t("share.copy"), "secondary copy-link");
    button.type = "button";
    const field = el("input", null, "link-text");
    field.readOnly = true;
    field.value = link;
    field.setAttribute("aria-label", t("share.link-label"));
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(link);
        status.textContent = t("share.copied");
        status.dataset.copied = "true";
      } catch {
        field.select();
        status.textContent = t("share.copy-refused");
        status.dataset.copied = "false";
      }
    });
    box.append(el("div", null, "row"));
    box.lastChild.append(button);
    box.append(field);
    if (!compact) {
      box.append(el("p", t("share.link-hint"), "hint"));
    }
  } else {
    box.dataset.state = "too-long";
    // See SHAREABLE_LINK_CHARS (lib/link.js) for why 2,000.
    box.append(el("p", t("share.too-long", { chars, max: SHAREABLE_LINK_CHARS }), "hint too-long"));
    const jws = !report.payload.trimStart().startsWith("{");
    const file = el("a", t("share.download"), "credential-file");
    file.href = URL.createObjectURL(new Blob([report.payload], { type: jws ? "application/jwt" : "application/json" }));
    file.download = jws ? "credential.jwt" : "credential.json";
    box.append(file);
  }
  const linkedIn = linkedInUrl(report, certUrl);
  if (linkedIn !== null) {
    const a = el("a", t("share.linkedin"), "linkedin");
    a.href = linkedIn;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    const row = el("div", null, "row");
    row.append(a);
    box.append(row);
    if (!compact) {
      box.append(el("p", t("share.linkedin-hint"), "hint"));
    }
  }
  box.append(status);
}
