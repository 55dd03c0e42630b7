//! A recipients CSV: what its columns mean, which rows can be issued, and
//! the file name each badge gets.
//!
//! The header row names the columns, in any case: `name` (required), `email`
//! (optional) and any others, each a `{{custom.<column>}}` template value
//! (the column name lower-cased, characters other than ASCII letters, digits
//! and `-` turned into `_`). A column with an empty header is ignored. A
//! header that names `name` or `email` twice, or two columns that give the
//! same custom key, is refused: which one would be meant is a guess.
//!
//! Fields are trimmed. A row that cannot be issued (a wrong number of
//! fields, no name, an email address that is not valid) is a
//! [`RecipientRow::Unusable`] with the reason, so that the other rows still
//! go ahead. Rows are numbered from 1 after the header, blank lines not
//! counted. The same person may appear on two rows: each row is one badge.

use super::csv;
use crate::{
    error::{Error, Result},
    limits::Limits,
};

/// One recipient: a CSV row, or the issuer page's single-badge form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recipient {
    /// The 1-based data row (the header is row 0); 0 for a form.
    pub number: usize,
    /// The recipient's name, as written (trimmed); may be empty for a form.
    pub name: String,
    /// The email address, lower-cased; it goes into the credential only hashed.
    pub email: Option<String>,
    /// `custom.<column>` template values, in column order.
    pub custom: Vec<(String, String)>,
}

/// A data row of a recipients CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipientRow {
    /// A row that can be issued.
    Ready(Recipient),
    /// A row that cannot, and why (`has no name`).
    Unusable {
        /// The 1-based data row.
        number: usize,
        /// What is wrong with it, for people.
        reason: String,
    },
}

impl RecipientRow {
    /// The 1-based data row number.
    pub fn number(&self) -> usize {
        match self {
            RecipientRow::Ready(r) => r.number,
            RecipientRow::Unusable { number, .. } => *number,
        }
    }
}

/// A read recipients CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipients {
    /// The header row, trimmed and lower-cased.
    pub headers: Vec<String>,
    /// One entry per data row.
    pub rows: Vec<RecipientRow>,
}

/// Reads a recipients CSV (see the module docs). The whole file is refused
/// when its CSV syntax is broken, it is empty, or its header row cannot be
/// used; a bad row is only that row's problem.
pub fn read_recipients(text: &str, limits: &Limits) -> Result<Recipients> {
    let mut records = csv::parse(text, limits)?.into_iter();
    let Some(header) = records.next() else {
        return Err(empty());
    };
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let columns = Columns::of(&headers)?;
    let rows = records
        .enumerate()
        .map(|(i, record)| columns.row(i.saturating_add(1), &record))
        .collect();
    Ok(Recipients { headers, rows })
}

/// A recipients CSV read in pieces (see the module docs for the rules,
/// and [`csv::Reader`] for feeding): the header row is read first, then
/// each data row comes out as it is complete. What [`read_recipients`]
/// refuses for the whole file (broken CSV syntax, an empty file, a header
/// that cannot be used) is an error here when it is reached.
///
/// ```
/// use kiln_core::issue::{RecipientReader, RecipientRow};
/// let mut reader = RecipientReader::new(&kiln_core::Limits::default());
/// reader.feed("name,email\nAda,ada@example.org\n")?;
/// let Some(RecipientRow::Ready(ada)) = reader.next_row()? else { unreachable!() };
/// assert_eq!((ada.number, ada.name.as_str()), (1, "Ada"));
/// reader.feed("Bob,not-an-email")?;
/// assert_eq!(reader.next_row()?, None, "the row is not complete until the input ends");
/// reader.finish()?;
/// assert!(matches!(reader.next_row()?, Some(RecipientRow::Unusable { number: 2, .. })));
/// # Ok::<(), kiln_core::Error>(())
/// ```
#[derive(Debug)]
pub struct RecipientReader {
    csv: csv::Reader,
    columns: Option<Columns>,
    headers: Vec<String>,
    rows: usize,
    finished: bool,
}

impl RecipientReader {
    /// A reader with `limits`' CSV bounds.
    pub fn new(limits: &Limits) -> RecipientReader {
        RecipientReader {
            csv: csv::Reader::new(limits),
            columns: None,
            headers: Vec::new(),
            rows: 0,
            finished: false,
        }
    }

    /// Reads the next piece of the CSV text.
    pub fn feed(&mut self, text: &str) -> Result<()> {
        self.csv.feed(text)
    }

    /// Ends the input (the last row needs no line end).
    pub fn finish(&mut self) -> Result<()> {
        self.csv.finish()?;
        self.finished = true;
        Ok(())
    }

    /// The header row, trimmed and lower-cased, once it has been read.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The CSV line being read (1-based).
    pub fn line(&self) -> usize {
        self.csv.line()
    }

    /// The next complete data row; `None` until more text is fed (or, after
    /// [`finish`](RecipientReader::finish), at the end). An error when the
    /// header row is read and cannot be used, or the input ended without one.
    pub fn next_row(&mut self) -> Result<Option<RecipientRow>> {
        if self.columns.is_none() {
            match self.csv.next_record() {
                Some(header) => {
                    let headers: Vec<String> =
                        header.iter().map(|h| h.trim().to_lowercase()).collect();
                    self.columns = Some(Columns::of(&headers)?);
                    self.headers = headers;
                }
                None if self.finished => return Err(empty()),
                None => return Ok(None),
            }
        }
        let (Some(columns), Some(record)) = (&self.columns, self.csv.next_record()) else {
            return Ok(None);
        };
        self.rows = self.rows.saturating_add(1);
        Ok(Some(columns.row(self.rows, &record)))
    }
}

fn empty() -> Error {
    Error::malformed(
        crate::code::Code::CsvEmpty,
        "the CSV is empty: it needs a header row with a \"name\" column",
    )
}

/// Where the header row puts each value.
#[derive(Debug)]
struct Columns {
    count: usize,
    name: usize,
    email: Option<usize>,
    custom: Vec<(usize, String)>,
}

impl Columns {
    fn of(headers: &[String]) -> Result<Columns> {
        let only = |wanted: &str| -> Result<Option<usize>> {
            let mut at = headers.iter().enumerate().filter(|(_, h)| *h == wanted);
            let first = at.next().map(|(i, _)| i);
            if at.next().is_some() {
                return Err(Error::malformed(
                    crate::code::Code::CsvDuplicateColumn,
                    format!("the header row has two \"{wanted}\" columns"),
                ));
            }
            Ok(first)
        };
        let Some(name) = only("name")? else {
            return Err(Error::malformed(
                crate::code::Code::CsvNoName,
                format!(
                    "the header row has no \"name\" column (it has: {})",
                    headers.join(", ")
                ),
            ));
        };
        let email = only("email")?;
        let mut custom: Vec<(usize, String)> = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            if i == name || Some(i) == email || h.is_empty() {
                continue;
            }
            let key = custom_key(h);
            if let Some((j, _)) = custom.iter().find(|(_, k)| *k == key) {
                let first = headers.get(*j).map(String::as_str).unwrap_or_default();
                return Err(Error::malformed(
                    crate::code::Code::CsvDuplicateColumn,
                    format!(
                        "the header row's columns \"{first}\" and \"{h}\" both give the template value {{{{{key}}}}}"
                    ),
                ));
            }
            custom.push((i, key));
        }
        Ok(Columns {
            count: headers.len(),
            name,
            email,
            custom,
        })
    }

    fn row(&self, number: usize, record: &[String]) -> RecipientRow {
        let unusable = |reason: String| RecipientRow::Unusable { number, reason };
        if record.len() != self.count {
            return unusable(format!(
                "has {} fields; the header has {}",
                record.len(),
                self.count
            ));
        }
        let at = |i: usize| record.get(i).map(|f| f.trim()).unwrap_or_default();
        let name = at(self.name);
        if name.is_empty() {
            return unusable("has no name".into());
        }
        let email = match self.email.map(at).filter(|e| !e.is_empty()) {
            None => None,
            Some(e) => match normalize_email(e) {
                Some(e) => Some(e),
                None => {
                    return unusable(format!("has an email address that is not valid: {e:?}"));
                }
            },
        };
        RecipientRow::Ready(Recipient {
            number,
            name: name.to_owned(),
            email,
            custom: self
                .custom
                .iter()
                .map(|(i, k)| (k.clone(), at(*i).to_owned()))
                .collect(),
        })
    }
}

/// `custom.<column>`: the lower-cased column name with characters other
/// than ASCII letters, digits and `-` turned into `_`.
fn custom_key(header: &str) -> String {
    let key: String = header
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("custom.{key}")
}

/// A plain check: one `@`, something before it, a dotted domain after it,
/// no spaces or control characters.
pub fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The address as it is hashed: trimmed and lower-cased; `None` when it is
/// not [valid](valid_email).
pub fn normalize_email(e: &str) -> Option<String> {
    let e = e.trim();
    valid_email(e).then(|| e.to_lowercase())
}

/// The file name stem of a row's badge: the row number in four digits, then
/// the name folded to lower-case ASCII, at most 48 characters of it
/// (`0042-zoe-angstrom`). The number keeps names unique and sorted; a name
/// with no Latin letters gives the number alone.
pub fn slug(number: usize, name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 48 {
            break;
        }
    }
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        format!("{number:04}")
    } else {
        format!("{number:04}-{s}")
    }
}

/// Folds common accented Latin letters to ASCII; other characters stay.
fn fold(c: char) -> impl Iterator<Item = char> {
    let mapped = match c {
        'à'..='å' | 'À'..='Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è'..='ë' | 'È'..='Ë' => "e",
        'ì'..='ï' | 'Ì'..='Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' => "o",
        'ù'..='ü' | 'Ù'..='Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => "",
    };
    let own = mapped.is_empty().then_some(c);
    mapped.chars().chain(own)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Recipients> {
        read_recipients(text, &Limits::default())
    }

    fn reason(row: &RecipientRow) -> &str {
        match row {
            RecipientRow::Unusable { reason, .. } => reason,
            RecipientRow::Ready(r) => panic!("row {} was usable", r.number),
        }
    }

    fn ready(row: &RecipientRow) -> &Recipient {
        match row {
            RecipientRow::Ready(r) => r,
            RecipientRow::Unusable { reason, .. } => panic!("{reason}"),
        }
    }

    #[test]
    fn bom_crlf_quotes_custom_columns_and_bad_rows() {
        let csv = [
            "\u{feff}name,email,Cohort",
            "\"Doe, Jane\",JANE@example.org,2026",
            ",x@y.z,1",
            "Bob,not-an-email,2",
            "Ann,ann@example.org",
            "\"Zoë \"\"Z\"\" Ångström\",,3",
            "",
        ]
        .join("\r\n");
        let r = read(&csv).unwrap();
        assert_eq!(r.headers, ["name", "email", "cohort"]);
        assert_eq!(r.rows.len(), 5);
        assert_eq!(
            ready(&r.rows[0]),
            &Recipient {
                number: 1,
                name: "Doe, Jane".into(),
                email: Some("jane@example.org".into()),
                custom: vec![("custom.cohort".into(), "2026".into())],
            }
        );
        assert_eq!(reason(&r.rows[1]), "has no name");
        assert!(reason(&r.rows[2]).contains("not valid"));
        assert_eq!(reason(&r.rows[3]), "has 2 fields; the header has 3");
        let last = ready(&r.rows[4]);
        assert_eq!(last.name, "Zoë \"Z\" Ångström");
        assert_eq!(last.email, None);
        assert_eq!(slug(last.number, &last.name), "0005-zoe-z-angstrom");
        assert_eq!(r.rows[3].number(), 4);
    }

    /// The rows of `text` read by a [`RecipientReader`] fed a line at a time.
    fn streamed(text: &str) -> Result<Vec<RecipientRow>> {
        let mut reader = RecipientReader::new(&Limits::default());
        let mut rows = Vec::new();
        for line in text.split_inclusive('\n') {
            reader.feed(line)?;
            while let Some(row) = reader.next_row()? {
                rows.push(row);
            }
        }
        reader.finish()?;
        while let Some(row) = reader.next_row()? {
            rows.push(row);
        }
        Ok(rows)
    }

    #[test]
    fn a_reader_fed_line_by_line_reads_the_same_rows() {
        let csv = "\u{feff}Name,Email,Cohort\r\n\"Doe,\nJane\",J@x.org,1\r\n,x@y.z,1\r\n\r\nBob,bad,2\nAnn\nZoë,,3";
        let whole = read(csv).unwrap();
        assert_eq!(streamed(csv).unwrap(), whole.rows);
        assert_eq!(whole.rows.len(), 5);
        for bad in [
            "",
            "\n\n",
            "email\nx@y.z\n",
            "name,Name\nA,B\n",
            "name\n\"A\n",
        ] {
            assert_eq!(
                streamed(bad).unwrap_err(),
                read(bad).unwrap_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn headers_that_cannot_be_used() {
        let e = read("email\nx@y.z\n").unwrap_err();
        assert_eq!(e.code(), "csv-no-name");
        assert!(
            e.to_string().contains("no \"name\" column (it has: email)"),
            "{e}"
        );
        assert_eq!(read("").unwrap_err().code(), "csv-empty");
        assert_eq!(read("\n\r\n").unwrap_err().code(), "csv-empty");
        let e = read("name,Name\nA,B\n").unwrap_err();
        assert_eq!(e.code(), "csv-duplicate-column");
        let e = read("name,email,EMAIL\nA,a@b.c,a@b.c\n").unwrap_err();
        assert_eq!(e.code(), "csv-duplicate-column");
        let e = read("name,Start Date,start_date\nA,1,2\n").unwrap_err();
        assert!(e.to_string().contains("{{custom.start_date}}"), "{e}");
    }

    #[test]
    fn column_names_become_custom_keys_and_empty_headers_are_ignored() {
        let r = read(" Name ,Start Date,GPA%,,\nA,2026,4,x,\n").unwrap();
        assert_eq!(
            ready(&r.rows[0]).custom,
            vec![
                ("custom.start_date".to_owned(), "2026".to_owned()),
                ("custom.gpa_".to_owned(), "4".to_owned())
            ]
        );
        let r = read("name,Ünit\nA,b\n").unwrap();
        assert_eq!(ready(&r.rows[0]).custom[0].0, "custom._nit");
    }

    #[test]
    fn fields_are_trimmed_and_duplicates_are_two_badges() {
        let r = read("name,email\n  Ada  , Ada@Example.ORG \nAda,ada@example.org\n").unwrap();
        let (a, b) = (ready(&r.rows[0]), ready(&r.rows[1]));
        assert_eq!(a.name, "Ada");
        assert_eq!(a.email.as_deref(), Some("ada@example.org"));
        assert_eq!(b.email, a.email);
        assert_ne!(slug(a.number, &a.name), slug(b.number, &b.name));
    }

    #[test]
    fn email_check() {
        for ok in ["a@b.c", "first.last@sub.example.org"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "@b.c",
            "a@b",
            "a@.b",
            "a@b.",
            "a@b@c.d",
            "a b@c.d",
            "a@b.c\u{7}",
        ] {
            assert!(!valid_email(bad), "{bad:?}");
        }
        assert_eq!(normalize_email(" A@B.C ").as_deref(), Some("a@b.c"));
    }

    #[test]
    fn slugs_fold_accents_and_fall_back_to_the_row_number() {
        assert_eq!(slug(7, "Ørjan Æsir"), "0007-orjan-aesir");
        assert_eq!(slug(7, "山田 太郎"), "0007");
        assert_eq!(slug(7, "../../etc/passwd"), "0007-etc-passwd");
        assert_eq!(slug(2, "Ἀθηνᾶ"), "0002");
        assert_eq!(slug(42, "<Tom & \"Jerry\">"), "0042-tom-jerry");
        assert_eq!(slug(1, "Æsa Straße"), "0001-aesa-strasse");
        assert_eq!(slug(3, &"x".repeat(80)).len(), "0003-".len() + 48);
        assert_eq!(slug(12345, "A"), "12345-a");
    }
}
