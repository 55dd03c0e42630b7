// LinkedIn's "Add to profile" link for a verified badge: LinkedIn's
// documented certification form, https://www.linkedin.com/profile/add with
// startTask=CERTIFICATION_NAME and the parameters name, organizationName,
// issueYear, issueMonth, expirationYear, expirationMonth, certUrl, certId
// (organizationId only for an issuer whose LinkedIn page id is known; a
// credential does not say it, so it is never set here).
//
// Every value comes from the report of a VERIFIED badge, whose `credential`
// member Kiln reads from the signed credential; an unverified report gets no
// link at all.

/** LinkedIn's Add to profile address. */
export const LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add";

const text = (v) => (typeof v === "string" ? v.trim() : "");

/** Year and month (1-12) of an RFC 3339 date as the credential writes it, or null. */
export function yearMonth(value) {
  const m = /^(\d{4})-(\d{2})-\d{2}/.exec(text(value));
  if (m === null) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : null;
}

/**
 * The LinkedIn "Add to profile" URL of a verified report, or null (not
 * verified, or no name or issuer to give).
 * @param {object} report a verification report
 * @param {string | null} [certUrl] where the badge can be checked: its verification link
 *   (or the credential's own https id when the link is too long)
 * @returns {string | null}
 */
export function linkedInUrl(report, certUrl) {
  if (report?.verdict !== "verified") return null;
  const c = report.credential ?? {};
  const name = text(c.name) || text(c.achievement?.name);
  const organization = text(c.issuer?.name) || text(c.issuer?.id);
  if (name === "" || organization === "") return null;
  const params = [["startTask", "CERTIFICATION_NAME"], ["name", name], ["organizationName", organization]];
  const issued = yearMonth(c.validFrom);
  if (issued) params.push(["issueYear", String(issued.year)], ["issueMonth", String(issued.month)]);
  const expires = yearMonth(c.validUntil);
  if (expires) params.push(["expirationYear", String(expires.year)], ["expirationMonth", String(expires.month)]);
  if (text(certUrl) !== "") params.push(["certUrl", certUrl]);
  if (text(c.id) !== "") params.push(["certId", text(c.id)]);
  return `${LINKEDIN_ADD_TO_PROFILE}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}`;
}
