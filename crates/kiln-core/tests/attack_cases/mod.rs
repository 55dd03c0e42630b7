//! Attacks on a signed credential that keep its RDF dataset (so an RDF
//! proof still matches) while changing what a reader of JSON member names
//! sees. Shared by kiln-core's `attacks.rs` and kiln-wasm's bindings tests:
//! plain JSON rewriting, no signing, so the browser module is tried with
//! exactly the same inputs.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{Map, Value, json};

pub const CRED: &str = "https://www.w3.org/2018/credentials#";
pub const XSD_DATETIME: &str = "http://www.w3.org/2001/XMLSchema#dateTime";
pub const OB: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";

/// A fake achievement whose `id` is not an IRI: JSON-LD drops it (and the
/// link to it), so it adds nothing to the dataset, while a reader of JSON
/// names would show it.
pub fn fake_achievement() -> Value {
    json!({
        "id": "urn:fake achievement",
        "type": ["Achievement"],
        "name": "Doctor of Medicine",
        "description": "Licensed to practise medicine.",
        "criteria": {"narrative": "Six years of medical school."}
    })
}

fn obj(v: &mut Value) -> &mut Map<String, Value> {
    v.as_object_mut().expect("a JSON object")
}

/// Renames member `key` of the object at `pointer` to `new_key`, keeping its
/// value; `None` when it is not there.
fn rename(doc: &Value, pointer: &str, key: &str, new_key: &str) -> Option<Value> {
    let mut out = doc.clone();
    let node = obj(out.pointer_mut(pointer)?);
    let value = node.remove(key)?;
    node.insert(new_key.to_owned(), value);
    Some(out)
}

/// The date members of the credential's context version.
fn until_key(doc: &Value) -> &'static str {
    let v1 = doc["@context"][0] == "https://www.w3.org/2018/credentials/v1";
    if v1 { "expirationDate" } else { "validUntil" }
}

/// Every rewriting of `doc` that applies, by name. Each keeps the dataset the
/// proof covers (checked by the native tests where a processor can tell) and
/// must never read "verified".
pub fn rewrites(doc: &Value) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut add = |name: &str, v: Option<Value>| {
        if let Some(v) = v {
            out.push((name.to_owned(), v));
        }
    };
    let until = until_key(doc);

    // 1. A member written as its absolute IRI.
    // The term types its value as a date; the IRI needs a value object for
    // the same statement.
    add("validity date as an absolute IRI", {
        rename(doc, "", until, &format!("{CRED}{until}")).map(|mut v| {
            let key = format!("{CRED}{until}");
            let date = v[&key].clone();
            v[&key] = json!({"@value": date, "@type": XSD_DATETIME});
            v
        })
    });
    add(
        "credentialStatus as an absolute IRI",
        rename(
            doc,
            "",
            "credentialStatus",
            &format!("{CRED}credentialStatus"),
        ),
    );
    add(
        "achievement as an absolute IRI, a dropped fake in its place",
        {
            rename(
                doc,
                "/credentialSubject",
                "achievement",
                &format!("{OB}achievement"),
            )
            .map(|mut v| {
                obj(&mut v["credentialSubject"]).insert("achievement".into(), fake_achievement());
                v
            })
        },
    );
    add(
        "credentialSubject as an absolute IRI, a dropped fake in its place",
        {
            rename(
                doc,
                "",
                "credentialSubject",
                &format!("{CRED}credentialSubject"),
            )
            .map(|mut v| {
                obj(&mut v).insert(
                    "credentialSubject".into(),
                    json!({
                        "id": "did:example:attacker not-an-iri",
                        "type": ["AchievementSubject"],
                        "achievement": fake_achievement()
                    }),
                );
                v
            })
        },
    );
    add("achievement as an absolute IRI, nothing in its place", {
        rename(
            doc,
            "/credentialSubject",
            "achievement",
            &format!("{OB}achievement"),
        )
    });

    // 2. Wrappers that mean the same thing.
    add("credentialSubject inside @set", {
        doc.get("credentialSubject").cloned().map(|s| {
            let mut v = doc.clone();
            v["credentialSubject"] = json!({"@set": [s]});
            v
        })
    });
    add("validity date inside @nest", {
        doc.get(until).cloned().map(|d| {
            let mut v = doc.clone();
            obj(&mut v).remove(until);
            obj(&mut v).insert("@nest".into(), json!({ until: d }));
            v
        })
    });
    add("achievement moved to @included", {
        let achievement = doc.pointer("/credentialSubject/achievement").cloned();
        match achievement.as_ref().and_then(|a| a.get("id")).cloned() {
            Some(id) => {
                let mut v = doc.clone();
                v["credentialSubject"]["achievement"] = id;
                obj(&mut v).insert("@included".into(), json!([achievement]));
                Some(v)
            }
            None => None,
        }
    });
    add("the whole credential inside @graph", {
        let mut node = doc.clone();
        let context = obj(&mut node).remove("@context");
        let proof = obj(&mut node).remove("proof");
        let mut v = json!({ "@context": context, "@graph": [node] });
        if let Some(p) = proof {
            obj(&mut v).insert("proof".into(), p);
        }
        Some(v)
    });
    add("credentialSubject given through @reverse", {
        let subject = doc.get("credentialSubject").cloned();
        match (subject, doc.get("id").cloned()) {
            (Some(Value::Object(mut s)), Some(cid)) if s.contains_key("id") => {
                s.insert(
                    "@reverse".into(),
                    json!({ format!("{CRED}credentialSubject"): {"id": cid} }),
                );
                let mut v = doc.clone();
                obj(&mut v).remove("credentialSubject");
                obj(&mut v).insert("@included".into(), json!([Value::Object(s)]));
                Some(v)
            }
            _ => None,
        }
    });
    add("a compact IRI for the validity date", {
        doc.get(until).cloned().map(|d| {
            let mut v = doc.clone();
            if let Some(Value::Array(ctx)) = v.get_mut("@context") {
                ctx.push(json!({"cr": CRED}));
            }
            obj(&mut v).remove(until);
            obj(&mut v).insert(
                format!("cr:{until}"),
                json!({"@value": d, "@type": XSD_DATETIME}),
            );
            v
        })
    });
    add("@type for type", rename(doc, "", "type", "@type"));
    add(
        "@type for the achievement's type",
        rename(doc, "/credentialSubject/achievement", "type", "@type"),
    );
    add("@id for id", rename(doc, "", "id", "@id"));

    // 3. A node JSON-LD drops: a fake recipient beside the signed one.
    add("a dropped fake recipient, the signed one under its IRI", {
        rename(
            doc,
            "",
            "credentialSubject",
            &format!("{CRED}credentialSubject"),
        )
        .map(|mut v| {
            obj(&mut v).insert(
                "credentialSubject".into(),
                json!({
                    "id": "mailto:attacker@example.com?x=not an iri",
                    "type": ["AchievementSubject"],
                    "identifier": [{
                        "type": "IdentityObject",
                        "identityHash": "attacker@example.com",
                        "identityType": "emailAddress",
                        "hashed": false
                    }],
                    "achievement": doc["credentialSubject"]["achievement"].clone()
                }),
            );
            v
        })
    });
    add("an embedded context that redefines a member", {
        doc.get("credentialSubject").cloned().map(|_| {
            let mut v = doc.clone();
            if let Some(Value::Array(ctx)) = v.get_mut("@context") {
                ctx.push(json!({"achievement": "urn:kiln-test:not-an-achievement"}));
            }
            v
        })
    });
    out
}

// Generated credentials, for the property test and its fuzz target.

/// xorshift64*: small, deterministic, good enough to pick shapes.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn coin(&mut self) -> bool {
        self.below(2) == 0
    }
    pub fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "Barista",
            "École",
            "咖啡",
            "Ωmega",
            "Кофе",
            " ",
            "<&\"'>",
            "☕",
            "naïve",
            "42",
            "\u{200f}مرحبا",
            "שלום",
            "Data",
            "Science",
            "\\n",
            "",
        ];
        let n = 1 + self.below(4);
        (0..n)
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_owned()
            + "x"
    }
    pub fn iri(&mut self, base: &str) -> String {
        format!("{base}{}", self.next() % 1_000_000)
    }
}

/// A random unsigned Open Badges 3.0 credential issued by `issuer`: optional
/// description, expiry (past or future), status entry, identifier, image.
pub fn generate(rng: &mut Rng, issuer: &str) -> Value {
    let mut achievement = Map::new();
    if rng.coin() {
        achievement.insert(
            "id".into(),
            json!(rng.iri("https://example.edu/achievements/")),
        );
    } else {
        achievement.insert("id".into(), json!(rng.iri("urn:uuid:a-")));
    }
    achievement.insert("type".into(), json!(["Achievement"]));
    achievement.insert("name".into(), json!(rng.text()));
    achievement.insert("description".into(), json!(rng.text()));
    let mut criteria = Map::new();
    if rng.coin() {
        criteria.insert("narrative".into(), json!(rng.text()));
    }
    if rng.coin() || criteria.is_empty() {
        criteria.insert("id".into(), json!(rng.iri("https://example.edu/criteria/")));
    }
    achievement.insert("criteria".into(), Value::Object(criteria));
    if rng.coin() {
        achievement.insert("achievementType".into(), json!("Badge"));
    }
    if rng.coin() {
        achievement.insert(
            "image".into(),
            json!({"id": rng.iri("https://example.edu/img/"), "type": "Image"}),
        );
    }
    let mut subject = Map::new();
    if rng.coin() {
        subject.insert("id".into(), json!(rng.iri("did:example:learner")));
    }
    subject.insert("type".into(), json!(["AchievementSubject"]));
    if rng.coin() || !subject.contains_key("id") {
        subject.insert(
            "identifier".into(),
            json!([{
                "type": "IdentityObject",
                "identityHash": format!("{}@example.com", rng.below(1000)),
                "identityType": "emailAddress",
                "hashed": false
            }]),
        );
    }
    subject.insert("achievement".into(), Value::Object(achievement));

    let mut doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": rng.iri("urn:uuid:c-"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": rng.text(),
        "issuer": if rng.coin() {
            json!({"id": issuer, "type": ["Profile"], "name": rng.text()})
        } else {
            json!({"id": issuer, "type": ["Profile"], "name": rng.text(), "url": "https://example.edu/"})
        },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": Value::Object(subject),
    });
    if rng.coin() {
        doc["description"] = json!(rng.text());
    }
    if rng.coin() {
        doc["validUntil"] = json!(if rng.coin() {
            "2030-01-01T00:00:00Z"
        } else {
            "2025-06-01T00:00:00Z"
        });
    }
    if rng.coin() {
        let i = rng.below(100_000);
        doc["credentialStatus"] = json!({
            "id": format!("https://example.edu/status/1#{i}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": i.to_string(),
            "statusListCredential": "https://example.edu/status/1"
        });
    }
    doc
}

/// Rewritings that keep the dataset and what Kiln reads.
pub fn benign(rng: &mut Rng, doc: &Value) -> Value {
    fn shuffle(rng: &mut Rng, v: &Value) -> Value {
        match v {
            Value::Object(o) => {
                let mut entries: Vec<(&String, &Value)> = o.iter().collect();
                for i in (1..entries.len()).rev() {
                    let j = rng.below(i as u64 + 1) as usize;
                    entries.swap(i, j);
                }
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, x)| {
                            let x = match (k.as_str(), x) {
                                ("type", Value::Array(a)) if a.len() == 1 && rng.coin() => {
                                    a[0].clone()
                                }
                                ("@context" | "proof", _) => x.clone(),
                                _ => shuffle(rng, x),
                            };
                            (k.clone(), x)
                        })
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| shuffle(rng, x)).collect()),
            other => other.clone(),
        }
    }
    shuffle(rng, doc)
}

/// Changes one text value somewhere (the dataset changes).
pub fn change_value(rng: &mut Rng, doc: &Value) -> Option<Value> {
    let pointers = [
        "/name",
        "/issuer/name",
        "/credentialSubject/achievement/name",
        "/credentialSubject/achievement/description",
        "/validFrom",
    ];
    let p = pointers[rng.below(pointers.len() as u64) as usize];
    let mut out = doc.clone();
    let v = out.pointer_mut(p)?;
    *v = match v {
        Value::String(s) if p == "/validFrom" => json!(s.replace("2025", "2024")),
        Value::String(s) => json!(format!("{s}!")),
        _ => return None,
    };
    Some(out)
}
