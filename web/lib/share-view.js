// "Share this badge": the verification link (copied to the clipboard), or,
// for a credential too large for a useful link, the file instead; and, for a
// verified badge, LinkedIn's "Add to profile". Used by the verify page, the
// issuer page and the widget's details.
import { el } from "./dom.js";
import { linkedInUrl } from "./linkedin.js";
import { SHAREABLE_LINK_CHARS, makeLink } from "./link.js";

const https = (v) => (typeof v === "string" && v.startsWith("https://") ? v : null);

/**
 * The share box of a report, or null when it has no credential to share.
 * Its link is made at once (no network: the credential goes into the link's
 * fragment); the box sets data-link and data-link-chars when done, and
 * data-state="link" or "too-long".
 * @param {object} report a verification report (its payload is the credential text)
 * @param {{ base: string, onlyVerified?: boolean, compact?: boolean }} options
 *   base: the verify page's address the link opens; onlyVerified: no box for
 *   a report that is not verified; compact: shorter wording (the widget).
 * @returns {HTMLElement | null}
 */
export function shareBox(report, { base, onlyVerified = false, compact = false }) {
  const verdict = report?.verdict;
  if (typeof report?.payload !== "string" || report.payload === "" || verdict === "error") return null;
  if (onlyVerified && verdict !== "verified") return null;
  const box = el("div", null, "share");
  box.append(el(compact ? "strong" : "h3", "Share this badge"));
  const status = el("p", "", "hint share-status");
  status.setAttribute("aria-live", "polite");
  box.dataset.state = "making";
  box.done = makeLink(report.payload, base).then(
    (link) => fill(box, status, report, link, compact),
    (e) => {
      box.dataset.state = "failed";
      status.textContent = `No link could be made: ${e?.message ?? e}`;
      box.append(status);
    },
  );
  return box;
}

function fill(box, status, report, link, compact) {
  const chars = link.length;
  box.dataset.linkChars = String(chars);
  const certUrl = chars <= SHAREABLE_LINK_CHARS ? link : https(report.credential?.id);
  if (chars <= SHAREABLE_LINK_CHARS) {
    box.dataset.state = "link";
    box.dataset.link = link;
    const button = el("button", "Copy verification link", "secondary copy-link");
    button.type = "button";
    const field = el("input", null, "link-text");
    field.readOnly = true;
    field.value = link;
    field.setAttribute("aria-label", "Verification link");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(link);
        status.textContent = "Copied. Whoever opens the link checks the badge in their own browser.";
        status.dataset.copied = "true";
      } catch {
        field.select();
        status.textContent = "The browser did not allow copying: the link is selected, copy it with Ctrl+C or ⌘C.";
        status.dataset.copied = "false";
      }
    });
    box.append(el("div", null, "row"));
    box.lastChild.append(button);
    box.append(field);
    if (!compact) {
      box.append(el("p", "The link carries the whole credential after its #, which browsers never send to any server: the page that opens it checks the badge in the visitor's browser, offline.", "hint"));
    }
  } else {
    box.dataset.state = "too-long";
    // See SHAREABLE_LINK_CHARS (lib/link.js) for why 2,000.
    box.append(el("p", `This badge's link would be ${chars.toLocaleString("en")} characters: too long to share (chat apps and mail clients cut links longer than about ${SHAREABLE_LINK_CHARS.toLocaleString("en")} characters, and its QR code would not print legibly). Share the badge file instead.`, "hint too-long"));
    const jws = !report.payload.trimStart().startsWith("{");
    const file = el("a", "Download the credential file", "credential-file");
    file.href = URL.createObjectURL(new Blob([report.payload], { type: jws ? "application/jwt" : "application/json" }));
    file.download = jws ? "credential.jwt" : "credential.json";
    box.append(file);
  }
  const linkedIn = linkedInUrl(report, certUrl);
  if (linkedIn !== null) {
    const a = el("a", "Add to LinkedIn", "linkedin");
    a.href = linkedIn;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    const row = el("div", null, "row");
    row.append(a);
    box.append(row);
    if (!compact) {
      box.append(el("p", "Opens LinkedIn's Add to profile form with the badge's name, issuer, dates, id and verification link filled in from the signed credential; LinkedIn receives them when you open it.", "hint"));
    }
  }
  box.append(status);
}
