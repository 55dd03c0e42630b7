// The badge's standing in words, for the displayer fields of the verify
// page and the widget: expired and/or revoked (from the report's `standing`,
// which only a failed validity or status check fills), or what the checks
// found when neither.

const WORDS = ["expired", "not-yet-valid", "revoked", "suspended"];

/**
 * "Expired, Revoked", "Valid, not revoked", "Valid; revocation not checked", ... in the
 * language of `tr` (an i18n.js translator; catalog keys standing.*).
 */
export function standingText(report, { t }) {
  const standing = standingOf(report);
  if (standing.length > 0) return standing.map((s) => t(`standing.${s}`)).join(", ");
  const checks = Array.isArray(report?.checks) ? report.checks : [];
  const outcome = (name) => checks.find((c) => c?.check === name)?.outcome;
  const validity = outcome("validity");
  const valid = validity === "passed" ? "valid" : validity === "skipped" ? "unchecked" : "none";
  const status = outcome("status");
  let revocation = "none";
  if (status === "passed") revocation = "not-revoked";
  else if (status === "skipped") {
    const unchecked = (report?.warnings ?? []).some((w) => typeof w === "string" && w.startsWith("Revocation could not be checked"));
    revocation = unchecked ? "not-checked" : "no-list";
  }
  if (valid === "none" && revocation === "none") return t("standing.unknown");
  // One catalog sentence per combination: word order and capitals differ between languages.
  return t(`standing.${valid}.${revocation}`);
}

/** The report's standing values this page knows, in order. */
export function standingOf(report) {
  return Array.isArray(report?.standing) ? report.standing.filter((s) => WORDS.includes(s)) : [];
}

/** Whether a verified badge has a conformance slip (a failed structure or schema check). */
export function conformanceSlip(report) {
  return report?.verdict === "verified"
    && (report?.checks ?? []).some((c) => c?.outcome === "failed" && (c.check === "structure" || c.check === "schema"));
}
