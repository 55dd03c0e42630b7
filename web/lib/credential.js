// The unsigned Open Badges 3.0 credential of the issuer page's single-badge
// form and the demo badges: the field names of the form mapped onto the
// issuer module's buildCredential (kiln-core's issue module, the rules
// `kiln issue` follows).
import * as issuer from "./issuer.js";

/**
 * The unsigned credential.
 * @param {{ issuerId: string, issuerName: string, issuerUrl?: string,
 *   achievementName: string, achievementDescription: string, criteria: string,
 *   recipientName?: string, recipientEmail?: string, salt?: string,
 *   validFrom?: string, validUntil?: string, id?: string, achievementId?: string,
 *   now?: Date | number }} f
 */
export async function buildCredential(f) {
  const options = {
    issuerId: f.issuerId,
    issuerName: f.issuerName,
    achievementName: f.achievementName,
    achievementDescription: f.achievementDescription,
    criteria: f.criteria,
    now: f.now ?? Date.now(),
  };
  for (const k of ["issuerUrl", "achievementId", "validFrom", "validUntil", "id", "salt"]) if (f[k] !== undefined) options[k] = f[k];
  if (f.recipientName || f.recipientEmail) options.recipient = { name: f.recipientName ?? "", email: f.recipientEmail || undefined };
  return (await issuer.buildCredential(options)).credential;
}
