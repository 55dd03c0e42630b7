//! CSV text (RFC 4180) as spreadsheet programs write it: the one reader the
//! CLI and the issuer page share, so that quoting edge cases cannot differ
//! between them, and the writer of `manifest.csv`.
//!
//! Accepted: a UTF-8 byte order mark, CRLF, LF or CR line ends, quoted
//! fields with `""` for a quote and line breaks inside quotes, a quote inside
//! an unquoted field (kept as it is, as spreadsheet programs do). Lines that
//! are entirely empty are skipped (a line holding only `""` is a record of
//! one empty field). Python's `csv.reader` reads the same records.
//!
//! Refused, naming the line: an unclosed quoted field, text after the
//! closing quote of a field, more fields in a record or more records than
//! [`Limits`] allows (`max_csv_columns`, `max_csv_records`).

use crate::{
    error::{Error, Result},
    limits::Limits,
};

fn malformed(line: usize, what: impl std::fmt::Display) -> Error {
    Error::malformed(
        crate::code::Code::CsvMalformed,
        format!("line {line}: {what}"),
    )
}

/// Splits CSV text into records (lists of fields); see the module docs for
/// what is accepted. `limits` bounds the text (`max_input_bytes`), the
/// fields of a record and the records.
pub fn parse(text: &str, limits: &Limits) -> Result<Vec<Vec<String>>> {
    let max_bytes = limits.max_input_bytes;
    let max_columns = limits.max_csv_columns;
    let max_records = limits.max_csv_records;
    if text.len() > max_bytes {
        return Err(Error::limit(
            crate::code::Code::CsvTooLarge,
            format!(
                "the CSV text is {} bytes; at most {max_bytes} are accepted",
                text.len()
            ),
        ));
    }
    let s = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    // The current field began with a quote (so it is a field even when empty).
    let mut quoted = false;
    let mut line = 1usize;
    let mut chars = s.chars().peekable();

    let end_field = |record: &mut Vec<String>, field: &mut String, line: usize| -> Result<()> {
        if record.len() >= max_columns {
            return Err(Error::limit(
                crate::code::Code::CsvTooManyColumns,
                format!(
                    "line {line}: a record has more than {max_columns} fields (max_csv_columns)"
                ),
            ));
        }
        record.push(std::mem::take(field));
        Ok(())
    };
    let end_record = |records: &mut Vec<Vec<String>>,
                      record: &mut Vec<String>,
                      quoted_empty: bool,
                      line: usize|
     -> Result<()> {
        let blank = record.len() == 1 && record.first().is_some_and(String::is_empty);
        let taken = std::mem::take(record);
        if blank && !quoted_empty {
            return Ok(());
        }
        if records.len() >= max_records {
            return Err(Error::limit(
                crate::code::Code::CsvTooManyRecords,
                format!("line {line}: more than {max_records} records (max_csv_records)"),
            ));
        }
        records.push(taken);
        Ok(())
    };

    // Whether the record so far is one quoted empty field (`""` alone on a line).
    let mut quoted_empty = false;
    while let Some(c) = chars.next() {
        if c == '"' && field.is_empty() && !quoted {
            let opened = line;
            quoted = true;
            quoted_empty = record.is_empty();
            loop {
                let Some(q) = chars.next() else {
                    return Err(malformed(opened, "a quoted field is not closed"));
                };
                if q == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                        continue;
                    }
                    break;
                }
                if q == '\n' || (q == '\r' && chars.peek() != Some(&'\n')) {
                    line = line.saturating_add(1);
                }
                field.push(q);
            }
            match chars.peek() {
                None | Some(',' | '\r' | '\n') => {}
                Some(next) => {
                    return Err(malformed(
                        line,
                        format!("text after the closing quote of a field ({next:?})"),
                    ));
                }
            }
            continue;
        }
        match c {
            ',' => {
                end_field(&mut record, &mut field, line)?;
                quoted = false;
                quoted_empty = false;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_field(&mut record, &mut field, line)?;
                end_record(&mut records, &mut record, quoted_empty, line)?;
                quoted = false;
                quoted_empty = false;
                line = line.saturating_add(1);
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() || quoted {
        end_field(&mut record, &mut field, line)?;
        end_record(&mut records, &mut record, quoted_empty, line)?;
    }
    Ok(records)
}

/// A field for writing: quoted when it holds a comma, a quote or a line break.
pub fn field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// One line of CSV, without the line end.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    fields
        .iter()
        .map(|f| field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(max_input_bytes: usize) -> Limits {
        Limits {
            max_input_bytes,
            ..Limits::default()
        }
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        parse(text, &bytes(1 << 20)).unwrap()
    }

    fn v(records: &[&[&str]]) -> Vec<Vec<String>> {
        records
            .iter()
            .map(|r| r.iter().map(|f| (*f).to_owned()).collect())
            .collect()
    }

    #[test]
    fn line_ends_quotes_and_blank_lines() {
        assert_eq!(
            rows("name,email\nAda,ada@example.org\nBob,\n"),
            v(&[
                &["name", "email"],
                &["Ada", "ada@example.org"],
                &["Bob", ""]
            ])
        );
        assert_eq!(
            rows("a,b\r\n1,2"),
            v(&[&["a", "b"], &["1", "2"]]),
            "CRLF, no final line end"
        );
        assert_eq!(
            rows("a,b\rc,d\r"),
            v(&[&["a", "b"], &["c", "d"]]),
            "CR only"
        );
        assert_eq!(
            rows("name,note\n\"Doe, Jane\",\"She said \"\"hi\"\"\"\n"),
            v(&[&["name", "note"], &["Doe, Jane", "She said \"hi\""]])
        );
        assert_eq!(
            rows("n\n\"one\r\ntwo\nthree\"\nBob\n"),
            v(&[&["n"], &["one\r\ntwo\nthree"], &["Bob"]])
        );
        assert_eq!(
            rows("a,b,c\n,,\n\"\",\"\",\"\"\n"),
            v(&[&["a", "b", "c"], &["", "", ""], &["", "", ""]])
        );
        assert_eq!(
            rows("a,b\n\n1,2\n\r\n3,4\n"),
            v(&[&["a", "b"], &["1", "2"], &["3", "4"]]),
            "blank lines are skipped"
        );
        assert_eq!(
            rows("a\n\"\"\n"),
            v(&[&["a"], &[""]]),
            "a quoted empty line is a record"
        );
        assert_eq!(
            rows("a,b\nsay \"hi\",x\n"),
            v(&[&["a", "b"], &["say \"hi\"", "x"]]),
            "a quote inside an unquoted field is kept"
        );
        assert_eq!(rows("a,b,\n1,2,\n"), v(&[&["a", "b", ""], &["1", "2", ""]]));
        assert_eq!(
            rows("\u{feff}name\nA\n"),
            v(&[&["name"], &["A"]]),
            "BOM dropped"
        );
        assert_eq!(rows(""), Vec::<Vec<String>>::new());
    }

    #[test]
    fn broken_quoting_names_the_line() {
        let e = parse("a\n\"b\nc", &bytes(100)).unwrap_err();
        assert_eq!(e.code(), "csv-malformed");
        assert!(e.to_string().contains("line 2"), "{e}");
        let e = parse("a,b\n1,2\n\"x\"y,3\n", &bytes(100)).unwrap_err();
        assert!(e.to_string().contains("line 3"), "{e}");
        assert!(e.to_string().contains("after the closing quote"), "{e}");
        // A line break inside quotes counts for the lines after it.
        let e = parse("a\n\"b\nc\"\n\"d\"e\n", &bytes(100)).unwrap_err();
        assert!(e.to_string().contains("line 4"), "{e}");
    }

    #[test]
    fn bounds() {
        assert_eq!(parse("abc", &bytes(2)).unwrap_err().code(), "csv-too-large");
        let wide = ",".repeat(Limits::default().max_csv_columns);
        assert_eq!(
            parse(&wide, &bytes(1 << 20)).unwrap_err().code(),
            "csv-too-many-columns"
        );
        let fits = ",".repeat(Limits::default().max_csv_columns - 1);
        assert_eq!(
            parse(&fits, &bytes(1 << 20)).unwrap()[0].len(),
            Limits::default().max_csv_columns
        );
    }

    #[test]
    fn written_fields_read_back() {
        let fields = ["1", "a,b", "say \"hi\"", "two\nlines", "", "Zoë"];
        let text = format!("{}\n", line(&fields));
        assert_eq!(rows(&text), vec![fields.map(str::to_owned).to_vec()]);
        assert_eq!(
            line(&["1", "0001-a.png", "urn:uuid:x", "issued"]),
            "1,0001-a.png,urn:uuid:x,issued"
        );
    }
}
