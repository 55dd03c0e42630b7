// Builds the unsigned Open Badges 3.0 credential the issuer page and the demo
// badges sign. Runs in browsers and in Node (crypto.subtle for the email hash).

export const CONTEXTS = [
  "https://www.w3.org/ns/credentials/v2",
  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
];

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

/** A random salt: 16 bytes as hex. */
export function newSalt() {
  return hex(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

/** "sha256$" + hex(SHA-256(email + salt)), as Open Badges 3.0 hashes identities. */
export async function hashIdentity(value, salt) {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(value + salt));
  return `sha256$${hex(digest)}`;
}

/**
 * The unsigned credential.
 * @param {{ issuerId: string, issuerName: string, issuerUrl?: string,
 *   achievementName: string, achievementDescription: string, criteria: string,
 *   recipientName?: string, recipientEmail?: string, salt?: string,
 *   validFrom: string, validUntil?: string, id?: string, achievementId?: string }} f
 */
export async function buildCredential(f) {
  for (const [name, value] of Object.entries({ issuerId: f.issuerId, issuerName: f.issuerName, achievementName: f.achievementName, achievementDescription: f.achievementDescription, criteria: f.criteria, validFrom: f.validFrom })) {
    if (typeof value !== "string" || value.trim() === "") throw new Error(`${name} is required`);
  }
  const issuer = { id: f.issuerId, type: ["Profile"], name: f.issuerName };
  if (f.issuerUrl) issuer.url = f.issuerUrl;
  const identifier = [];
  if (f.recipientName) {
    identifier.push({ type: ["IdentityObject"], hashed: false, identityHash: f.recipientName, identityType: "name" });
  }
  if (f.recipientEmail) {
    const salt = f.salt ?? newSalt();
    const email = f.recipientEmail.trim().toLowerCase();
    identifier.push({ type: ["IdentityObject"], hashed: true, identityHash: await hashIdentity(email, salt), identityType: "emailAddress", salt });
  }
  const subject = {
    type: ["AchievementSubject"],
    achievement: {
      id: f.achievementId ?? `urn:uuid:${globalThis.crypto.randomUUID()}`,
      type: ["Achievement"],
      name: f.achievementName,
      description: f.achievementDescription,
      criteria: { narrative: f.criteria },
    },
  };
  if (identifier.length > 0) subject.identifier = identifier;
  const credential = {
    "@context": CONTEXTS,
    id: f.id ?? `urn:uuid:${globalThis.crypto.randomUUID()}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer,
    name: f.achievementName,
    validFrom: f.validFrom,
  };
  if (f.validUntil) credential.validUntil = f.validUntil;
  credential.credentialSubject = subject;
  return credential;
}
