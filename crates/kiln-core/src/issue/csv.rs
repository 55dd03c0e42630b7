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
//! [`Limits`] allows (`max_csv_columns`, `max_csv_records`), a record longer
//! than `max_payload_bytes`.
//!
//! Two ways in, one set of rules: [`parse`] reads a whole text (the issuer
//! page), [`Reader`] reads text fed in pieces, so that `kiln issue` reads a
//! file of a million rows in the memory of one (kiln-core reads no files:
//! the caller feeds it).

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
/// fields of a record and the records. The whole text at once, for the
/// issuer page; [`Reader`] reads the same records from pieces.
pub fn parse(text: &str, limits: &Limits) -> Result<Vec<Vec<String>>> {
    let max_bytes = limits.max_input_bytes;
    if text.len() > max_bytes {
        return Err(Error::limit(
            crate::code::Code::CsvTooLarge,
            format!(
                "the CSV text is {} bytes; at most {max_bytes} are accepted",
                text.len()
            ),
        ));
    }
    let mut reader = Reader::new(limits);
    let mut records = Vec::new();
    reader.feed(text)?;
    reader.finish()?;
    while let Some(record) = reader.next_record() {
        records.push(record);
    }
    Ok(records)
}

/// Where the reader is within a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field: nothing read of it yet.
    FieldStart,
    /// Inside an unquoted field that has text.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// A quote inside a quoted field: the closing one, or the first of `""`.
    QuoteInQuoted,
    /// After the closing quote: a comma or a line end must follow.
    AfterQuoted,
}

/// An incremental CSV reader with the rules of [`parse`]: text is fed in
/// pieces of any size (split anywhere, even inside a field or between the
/// CR and LF of a line end), complete records are taken out as they are
/// read, and [`finish`](Reader::finish) ends the input. Memory holds the
/// record being read and the records not yet taken out, so a caller that
/// feeds a line at a time and takes the records out reads a file of any
/// length in the room of its longest record.
///
/// Bounds: `max_csv_columns` and `max_csv_records` as in [`parse`]; a
/// single record is held to `max_payload_bytes` (a row longer than a
/// whole credential cannot become one); the total length is the caller's.
/// After an error the reader stays failed: every later call returns the
/// same error.
///
/// ```
/// use kiln_core::issue::csv::Reader;
/// let mut reader = Reader::new(&kiln_core::Limits::default());
/// reader.feed("name,note\nAda,\"two\n")?;
/// assert_eq!(reader.next_record(), Some(vec!["name".to_owned(), "note".to_owned()]));
/// assert_eq!(reader.next_record(), None, "the second record is not complete yet");
/// reader.feed("lines\"\n")?;
/// reader.finish()?;
/// assert_eq!(reader.next_record(), Some(vec!["Ada".to_owned(), "two\nlines".to_owned()]));
/// # Ok::<(), kiln_core::Error>(())
/// ```
#[derive(Debug)]
pub struct Reader {
    max_columns: usize,
    max_records: usize,
    max_record_bytes: usize,
    state: State,
    record: Vec<String>,
    field: String,
    /// Bytes of the record being read, separators included.
    record_bytes: usize,
    /// The record so far is one quoted field (`""` alone on a line is a record).
    quoted_empty: bool,
    /// The line being read (1-based).
    line: usize,
    /// The line the open quoted field began on.
    opened: usize,
    /// The previous character was a CR that ended a record (a LF after it is the same line end).
    after_cr: bool,
    /// The previous character was a CR inside a quoted field.
    cr_in_quotes: bool,
    /// Nothing read yet (a byte order mark is dropped only there).
    at_start: bool,
    /// Records read so far, those taken out included.
    records_read: usize,
    ready: std::collections::VecDeque<Vec<String>>,
    failed: Option<Error>,
    finished: bool,
}

impl Reader {
    /// A reader with `limits`' bounds on columns, records and record size.
    pub fn new(limits: &Limits) -> Reader {
        Reader {
            max_columns: limits.max_csv_columns,
            max_records: limits.max_csv_records,
            max_record_bytes: limits.max_payload_bytes,
            state: State::FieldStart,
            record: Vec::new(),
            field: String::new(),
            record_bytes: 0,
            quoted_empty: false,
            line: 1,
            opened: 1,
            after_cr: false,
            cr_in_quotes: false,
            at_start: true,
            records_read: 0,
            ready: std::collections::VecDeque::new(),
            failed: None,
            finished: false,
        }
    }

    /// The line being read (1-based): after [`finish`](Reader::finish), the last line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Reads the next piece of text; the complete records it ends are then
    /// ready for [`next_record`](Reader::next_record).
    pub fn feed(&mut self, text: &str) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.finished {
            return Err(Error::malformed(
                crate::code::Code::CsvMalformed,
                "text after the end of the CSV input",
            ));
        }
        let mut text = text;
        if self.at_start && !text.is_empty() {
            self.at_start = false;
            text = text.strip_prefix('\u{feff}').unwrap_or(text);
        }
        for c in text.chars() {
            if let Err(e) = self.push(c) {
                self.failed = Some(e.clone());
                return Err(e);
            }
        }
        Ok(())
    }

    /// Ends the input: the last record needs no line end, and a quoted field
    /// still open is an error naming the line it began on.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.finished {
            return Ok(());
        }
        self.finished = true;
        let result = match self.state {
            State::Quoted => Err(malformed(self.opened, "a quoted field is not closed")),
            State::QuoteInQuoted | State::AfterQuoted => self.end_record(),
            State::FieldStart if !self.record.is_empty() => self.end_record(),
            State::Unquoted => self.end_record(),
            State::FieldStart => Ok(()),
        };
        if let Err(e) = &result {
            self.failed = Some(e.clone());
        }
        result
    }

    /// The next complete record, if one is ready.
    pub fn next_record(&mut self) -> Option<Vec<String>> {
        self.ready.pop_front()
    }

    fn push(&mut self, c: char) -> Result<()> {
        if std::mem::take(&mut self.after_cr) && c == '\n' {
            return Ok(());
        }
        self.record_bytes = self.record_bytes.saturating_add(c.len_utf8());
        if self.record_bytes > self.max_record_bytes {
            return Err(Error::limit(
                crate::code::Code::CsvTooLarge,
                format!(
                    "line {}: a record is longer than {} bytes (max_payload_bytes)",
                    self.opened_or_line(),
                    self.max_record_bytes
                ),
            ));
        }
        match self.state {
            State::Quoted => {
                if c == '"' {
                    self.state = State::QuoteInQuoted;
                } else {
                    // CRLF, LF and CR inside quotes each count one line.
                    let cr = c == '\r';
                    if cr || (c == '\n' && !self.cr_in_quotes) {
                        self.line = self.line.saturating_add(1);
                    }
                    self.cr_in_quotes = cr;
                    self.field.push(c);
                }
                return Ok(());
            }
            State::QuoteInQuoted => {
                if c == '"' {
                    self.field.push('"');
                    self.state = State::Quoted;
                    self.cr_in_quotes = false;
                    return Ok(());
                }
                self.state = State::AfterQuoted;
            }
            _ => {}
        }
        if self.state == State::AfterQuoted && !matches!(c, ',' | '\r' | '\n') {
            return Err(malformed(
                self.line,
                format!("text after the closing quote of a field ({c:?})"),
            ));
        }
        match c {
            '"' if self.state == State::FieldStart => {
                self.state = State::Quoted;
                self.opened = self.line;
                self.cr_in_quotes = false;
                self.quoted_empty = self.record.is_empty();
            }
            ',' => {
                self.end_field()?;
                self.quoted_empty = false;
            }
            '\r' | '\n' => {
                self.after_cr = c == '\r';
                self.end_record()?;
                self.line = self.line.saturating_add(1);
            }
            _ => {
                self.field.push(c);
                self.state = State::Unquoted;
            }
        }
        Ok(())
    }

    fn opened_or_line(&self) -> usize {
        if matches!(self.state, State::Quoted | State::QuoteInQuoted) {
            self.opened
        } else {
            self.line
        }
    }

    fn end_field(&mut self) -> Result<()> {
        if self.record.len() >= self.max_columns {
            return Err(Error::limit(
                crate::code::Code::CsvTooManyColumns,
                format!(
                    "line {}: a record has more than {} fields (max_csv_columns)",
                    self.line, self.max_columns
                ),
            ));
        }
        self.record.push(std::mem::take(&mut self.field));
        self.state = State::FieldStart;
        Ok(())
    }

    fn end_record(&mut self) -> Result<()> {
        self.end_field()?;
        let quoted_empty = std::mem::take(&mut self.quoted_empty);
        self.record_bytes = 0;
        let blank = self.record.len() == 1 && self.record.first().is_some_and(String::is_empty);
        let taken = std::mem::take(&mut self.record);
        if blank && !quoted_empty {
            return Ok(());
        }
        if self.records_read >= self.max_records {
            return Err(Error::limit(
                crate::code::Code::CsvTooManyRecords,
                format!(
                    "line {}: more than {} records (max_csv_records)",
                    self.line, self.max_records
                ),
            ));
        }
        self.records_read = self.records_read.saturating_add(1);
        self.ready.push_back(taken);
        Ok(())
    }
}

/// The first characters that make a spreadsheet program read a cell as a
/// formula (`=`, `+`, `-`, `@`, tab, carriage return), and `'`, the guard
/// itself (so that a value that begins with one reads back whole).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r', '\''];

/// A field for writing: a value that a spreadsheet program would read as a
/// formula gets a leading `'` (OWASP's rule against CSV injection: a
/// recipient named `=HYPERLINK(...)` stays text), and the field is quoted
/// when it holds a comma, a quote or a line break. [`unguarded`] gives the
/// value back.
pub fn field(value: &str) -> String {
    let guarded;
    let value = if value.starts_with(FORMULA_STARTS) {
        guarded = format!("'{value}");
        guarded.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A field read back from a CSV that [`field`] wrote: the value without the
/// `'` that guarded it. A `'` before any other character is the value's
/// own and is kept.
pub fn unguarded(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => value,
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

    #[test]
    fn formulas_are_written_as_text_and_read_back_whole() {
        for value in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'quoted",
            "''",
            "'=",
        ] {
            let written = line(&[value, "x"]);
            assert!(
                written.starts_with('\'') || written.starts_with("\"'"),
                "{value:?} written as {written:?}"
            );
            let read = rows(&format!("{written}\n"));
            let first = read.first().and_then(|r| r.first()).unwrap();
            assert_eq!(unguarded(first), value, "{written:?}");
        }
        for value in ["Ada", "O'Brien", "1-2", ""] {
            assert_eq!(field(value), value, "no guard on {value:?}");
            assert_eq!(unguarded(value), value);
        }
        // A value an older writer left unguarded keeps its own apostrophe.
        assert_eq!(unguarded("'Ali"), "'Ali");
    }

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

    /// The records (or the error) of `text` fed to a [`Reader`] in pieces
    /// of `size` characters.
    fn in_pieces(text: &str, size: usize) -> Result<Vec<Vec<String>>> {
        let mut reader = Reader::new(&bytes(1 << 20));
        let mut records = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        for piece in chars.chunks(size) {
            reader.feed(&piece.iter().collect::<String>())?;
            while let Some(r) = reader.next_record() {
                records.push(r);
            }
        }
        reader.finish()?;
        while let Some(r) = reader.next_record() {
            records.push(r);
        }
        Ok(records)
    }

    #[test]
    fn pieces_of_any_size_read_as_the_whole_text() {
        let texts = [
            "name,email\nAda,ada@example.org\nBob,\n",
            "a,b\r\n1,2",
            "a,b\rc,d\r",
            "name,note\n\"Doe, Jane\",\"She said \"\"hi\"\"\"\n",
            "n\n\"one\r\ntwo\nthree\"\nBob\n",
            "a,b,c\n,,\n\"\",\"\",\"\"\n",
            "a,b\n\n1,2\n\r\n3,4\n",
            "a\n\"\"\n",
            "a,b\nsay \"hi\",x\n",
            "\u{feff}name\nZoë\r\n\u{feff}x\n",
            "",
            "a\n\"b\nc",
            "a,b\n1,2\n\"x\"y,3\n",
            "a\n\"b\r\nc\"\n\"d\"e\n",
            "a\n\"b\rc\"\r\"d\"e\n",
            "\"a\"\"\",\"\"\r",
        ];
        for text in texts {
            let whole = parse(text, &bytes(1 << 20));
            for size in 1..=text.chars().count().max(1) {
                let pieces = in_pieces(text, size);
                match (&whole, &pieces) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?} in pieces of {size}"),
                    (Err(a), Err(b)) => {
                        assert_eq!(a.to_string(), b.to_string(), "{text:?} in pieces of {size}")
                    }
                    _ => panic!("{text:?} in pieces of {size}: {whole:?} / {pieces:?}"),
                }
            }
        }
        // A CR ending one piece and the LF beginning the next are one line end.
        let e = in_pieces("a\r\n\"x\"y\n", 2).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn a_reader_holds_one_record_and_stays_failed() {
        let limits = Limits {
            max_payload_bytes: 64,
            ..Limits::default()
        };
        let mut reader = Reader::new(&limits);
        for i in 0..10_000 {
            reader
                .feed(&format!("row {i},{}\n", "x".repeat(40)))
                .unwrap();
            assert!(reader.next_record().is_some());
        }
        let e = reader.feed(&"y".repeat(65)).unwrap_err();
        assert_eq!(e.code(), "csv-too-large");
        assert!(e.to_string().contains("line 10001"), "{e}");
        assert_eq!(reader.feed("z\n").unwrap_err(), e);
        assert_eq!(reader.finish().unwrap_err(), e);

        let few = Limits {
            max_csv_records: 2,
            ..Limits::default()
        };
        let mut reader = Reader::new(&few);
        reader.feed("a\nb\n\n").unwrap();
        let e = reader.feed("c\n").unwrap_err();
        assert_eq!(e.code(), "csv-too-many-records");
        assert!(e.to_string().contains("line 4"), "{e}");
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
