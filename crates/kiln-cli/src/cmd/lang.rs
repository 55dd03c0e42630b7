//! `kiln verify --lang`: the report's sentences from the message catalogs
//! of `web/lib/i18n/` (the ones the pages use), embedded in the binary.
//!
//! Each check, warning and identity of a report carries a message id and
//! parameters; its sentence here is the catalog's template for that id with
//! the parameters filled in, dates (parameters named `date` or `...Date`)
//! written in the language. English is the report's own `detail` text.

use std::collections::BTreeMap;

use kiln_core::verify::{Message, ReportError, message};

/// A language of the catalogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English (the report's own sentences).
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Spanish.
    Es,
}

/// The catalog of one language, read from the embedded JSON.
pub struct Catalog {
    lang: Lang,
    entries: BTreeMap<String, String>,
}

impl Catalog {
    /// The catalog of `lang`. A catalog that cannot be read (a build bug the
    /// tests catch) is empty, so every sentence falls back to English.
    pub fn new(lang: Lang) -> Catalog {
        let text = match lang {
            Lang::En => include_str!("../../../../web/lib/i18n/messages.en.json"),
            Lang::Fr => include_str!("../../../../web/lib/i18n/messages.fr.json"),
            Lang::De => include_str!("../../../../web/lib/i18n/messages.de.json"),
            Lang::Es => include_str!("../../../../web/lib/i18n/messages.es.json"),
        };
        Catalog {
            lang,
            entries: serde_json::from_str(text).unwrap_or_default(),
        }
    }

    /// The sentence of a message: `english` (the report's text) in English
    /// or when the catalog lacks the id.
    pub fn message(&self, m: &Message, english: &str) -> String {
        if self.lang == Lang::En {
            return english.to_owned();
        }
        match self.entries.get(m.id) {
            Some(t) => message::render(t, &m.params, &|d| self.date(d)),
            None => english.to_owned(),
        }
    }

    /// The sentence of a report's error (`error.CODE`), followed by its
    /// English detail, which names exactly what is wrong and where.
    pub fn error(&self, e: &ReportError) -> String {
        if self.lang == Lang::En {
            return e.message.clone();
        }
        match self.entries.get(&message::error_id(e.code)) {
            Some(t) => {
                let sentence = message::render(t, &e.params, &|d| self.date(d));
                format!("{sentence} ({})", e.message)
            }
            None => e.message.clone(),
        }
    }

    /// An RFC 3339 timestamp as a date in this language (UTC), or the text as written.
    pub fn date(&self, text: &str) -> String {
        let Ok(t) = kiln_core::parse_datetime(text) else {
            return text.to_owned();
        };
        let day = kiln_core::format_rfc3339(t);
        let (Some(y), Some(m), Some(d)) = (
            day.get(0..4),
            day.get(5..7).and_then(|m| m.parse::<usize>().ok()),
            day.get(8..10).and_then(|d| d.parse::<u32>().ok()),
        ) else {
            return text.to_owned();
        };
        let month = |names: [&'static str; 12]| {
            m.checked_sub(1)
                .and_then(|i| names.get(i))
                .copied()
                .unwrap_or("?")
        };
        match self.lang {
            Lang::En => kiln_core::human_date(t),
            Lang::Fr => format!(
                "{} {} {y}",
                if d == 1 {
                    "1er".to_owned()
                } else {
                    d.to_string()
                },
                month(FR)
            ),
            Lang::De => format!("{d}. {} {y}", month(DE)),
            Lang::Es => format!("{d} de {} de {y}", month(ES)),
        }
    }
}

const FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

impl Catalog {
    /// A line of `kiln verify`'s own text (verdicts, labels, standing words)
    /// in this language: `key` is its English form.
    pub fn ui<'a>(&self, key: &'a str) -> &'a str {
        let Some(row) = UI.iter().find(|row| row[0] == key) else {
            return key;
        };
        let i = match self.lang {
            Lang::En => 0,
            Lang::Fr => 1,
            Lang::De => 2,
            Lang::Es => 3,
        };
        row.get(i).copied().unwrap_or(key)
    }
}

/// `kiln verify`'s own text: English, French, German, Spanish.
const UI: &[[&str; 4]] = &[
    [
        "VERIFIED: this badge is genuine, but it does not fully follow Open Badges 3.0 (see the warnings).",
        "VÉRIFIÉ : ce badge est authentique, mais il ne suit pas entièrement Open Badges 3.0 (voir les avertissements).",
        "VERIFIZIERT: Dieses Badge ist echt, folgt Open Badges 3.0 aber nicht vollständig (siehe die Warnungen).",
        "VERIFICADA: esta insignia es auténtica, pero no sigue por completo Open Badges 3.0 (vea las advertencias).",
    ],
    [
        "VERIFIED: this badge is genuine.",
        "VÉRIFIÉ : ce badge est authentique.",
        "VERIFIZIERT: Dieses Badge ist echt.",
        "VERIFICADA: esta insignia es auténtica.",
    ],
    [
        "NOT VALID: this badge failed a check.",
        "NON VALIDE : ce badge a échoué à une vérification.",
        "UNGÜLTIG: Dieses Badge hat eine Prüfung nicht bestanden.",
        "NO VÁLIDA: esta insignia no superó una comprobación.",
    ],
    [
        "COULD NOT CHECK: Kiln could not decide whether this badge is genuine.",
        "VÉRIFICATION IMPOSSIBLE : Kiln n'a pas pu déterminer si ce badge est authentique.",
        "NICHT PRÜFBAR: Kiln konnte nicht feststellen, ob dieses Badge echt ist.",
        "NO SE PUDO COMPROBAR: Kiln no pudo determinar si esta insignia es auténtica.",
    ],
    ["Name", "Nom", "Name", "Nombre"],
    ["Achievement", "Réussite", "Leistung", "Logro"],
    ["Description", "Description", "Beschreibung", "Descripción"],
    ["Issuer", "Émetteur", "Aussteller", "Emisor"],
    ["Recipient", "Titulaire", "Empfänger", "Destinatario"],
    ["Issued on", "Délivré le", "Ausgestellt am", "Emitida el"],
    ["Expires", "Expire le", "Läuft ab am", "Caduca el"],
    ["Image", "Image", "Bild", "Imagen"],
    ["Status", "Statut", "Status", "Estado"],
    ["Identity", "Identité", "Identität", "Identidad"],
    ["warning", "avertissement", "Warnung", "advertencia"],
    ["error", "erreur", "Fehler", "error"],
    ["Expired", "Expiré", "Abgelaufen", "Caducada"],
    [
        "Not yet valid",
        "Pas encore valide",
        "Noch nicht gültig",
        "Aún no válida",
    ],
    ["Revoked", "Révoqué", "Widerrufen", "Revocada"],
    ["Suspended", "Suspendu", "Ausgesetzt", "Suspendida"],
    ["Withdrawn", "Retiré", "Zurückgezogen", "Retirada"],
    [
        "within its validity dates",
        "dans sa période de validité",
        "innerhalb seines Gültigkeitszeitraums",
        "dentro de su periodo de validez",
    ],
    [
        "validity dates not checked",
        "dates de validité non vérifiées",
        "Gültigkeitsdaten nicht geprüft",
        "fechas de validez no comprobadas",
    ],
    [
        "not revoked",
        "non révoqué",
        "nicht widerrufen",
        "no revocada",
    ],
    [
        "revocation not checked",
        "révocation non vérifiée",
        "Widerruf nicht geprüft",
        "revocación no comprobada",
    ],
    [
        "no revocation list",
        "aucune liste de révocation",
        "keine Widerrufsliste",
        "sin lista de revocación",
    ],
    ["not known", "inconnu", "unbekannt", "desconocido"],
];
