// The badge's standing in words, for the displayer fields of the verify
// page and the widget: expired and/or revoked (from the report's `standing`,
// which only a failed validity or status check fills), or what the checks
// found when neither.

const WORDS = { expired: "Expired", "not-yet-valid": "Not yet valid", revoked: "Revoked", suspended: "Suspended" };

/** "Expired, Revoked", "Valid, not revoked", "Valid; revocation not checked", ... */
export function standingText(report) {
  const standing = Array.isArray(report?.standing) ? report.standing.filter((s) => Object.hasOwn(WORDS, s)) : [];
  if (standing.length > 0) return standing.map((s) => WORDS[s]).join(", ");
  const checks = Array.isArray(report?.checks) ? report.checks : [];
  const outcome = (name) => checks.find((c) => c?.check === name)?.outcome;
  const parts = [];
  const validity = outcome("validity");
  if (validity === "passed") parts.push("Valid");
  else if (validity === "skipped") parts.push("Validity dates not checked");
  const status = outcome("status");
  if (status === "passed") parts.push("not revoked");
  else if (status === "skipped") {
    const unchecked = (report?.warnings ?? []).some((w) => typeof w === "string" && w.startsWith("Revocation could not be checked"));
    parts.push(unchecked ? "revocation not checked" : "no revocation list");
  }
  if (parts.length === 0) return "Not known";
  const text = parts.join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The report's standing values this page knows, in order. */
export function standingOf(report) {
  return Array.isArray(report?.standing) ? report.standing.filter((s) => Object.hasOwn(WORDS, s)) : [];
}

/** Whether a verified badge has a conformance slip (a failed structure or schema check). */
export function conformanceSlip(report) {
  return report?.verdict === "verified"
    && (report?.checks ?? []).some((c) => c?.outcome === "failed" && (c.check === "structure" || c.check === "schema"));
}
