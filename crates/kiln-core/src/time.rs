//! Dates without a clock: xsd:dateTime / RFC 3339 parsing and formatting in
//! Unix seconds. The caller supplies "now".
//!
//! Calendar arithmetic is the proleptic Gregorian days-from-civil algorithm.

use crate::error::{Error, Result};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Years accepted: four digits, as xsd:dateTime values in credentials carry.
const MIN_YEAR: i64 = 0;
const MAX_YEAR: i64 = 9999;

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month 1-12, day 1-31) of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Clamps to the supported year range so formatting never produces more than four year digits.
fn clamp(unix_secs: i64) -> i64 {
    let lo = days_from_civil(MIN_YEAR, 1, 1) * 86_400;
    let hi = days_from_civil(MAX_YEAR, 12, 31) * 86_400 + 86_399;
    unix_secs.clamp(lo, hi)
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds). Times outside years 0000-9999 are clamped.
pub fn format_rfc3339(unix_secs: i64) -> String {
    let t = clamp(unix_secs);
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// A date for people, in UTC: `3 March 2025`.
pub fn human_date(unix_secs: i64) -> String {
    let t = clamp(unix_secs);
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let month = usize::try_from(m - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("?");
    format!("{d} {month} {y}")
}

fn bad(s: &str, why: &str) -> Error {
    Error::malformed(
        crate::code::Code::DatetimeMalformed,
        format!("{s:?} is not an xsd:dateTime ({why})"),
    )
}

/// Reads `n` ASCII digits at `*pos`.
fn digits(b: &[u8], pos: &mut usize, n: usize, s: &str, what: &str) -> Result<i64> {
    let end = pos.checked_add(n).ok_or_else(|| bad(s, what))?;
    let part = b.get(*pos..end).ok_or_else(|| bad(s, what))?;
    let mut v: i64 = 0;
    for &c in part {
        if !c.is_ascii_digit() {
            return Err(bad(s, what));
        }
        v = v * 10 + i64::from(c - b'0');
    }
    *pos = end;
    Ok(v)
}

fn expect(b: &[u8], pos: &mut usize, c: u8, s: &str, what: &str) -> Result<()> {
    if b.get(*pos) == Some(&c) {
        *pos += 1;
        Ok(())
    } else {
        Err(bad(s, what))
    }
}

/// Parses an xsd:dateTime / RFC 3339 timestamp (`2025-03-03T10:00:00Z`,
/// `...T10:00:00.123+01:00`) to Unix seconds. Fractional seconds are
/// ignored. A value without a time zone is read as UTC, as the VC data model
/// treats it. `T` may also be written `t` or a space (RFC 3339).
pub fn parse_datetime(s: &str) -> Result<i64> {
    let b = s.as_bytes();
    let mut p = 0usize;
    let year = digits(b, &mut p, 4, s, "year")?;
    expect(b, &mut p, b'-', s, "expected '-' after the year")?;
    let month = digits(b, &mut p, 2, s, "month")?;
    expect(b, &mut p, b'-', s, "expected '-' after the month")?;
    let day = digits(b, &mut p, 2, s, "day")?;
    match b.get(p) {
        Some(b'T' | b't' | b' ') => p += 1,
        _ => return Err(bad(s, "expected 'T' between date and time")),
    }
    let hour = digits(b, &mut p, 2, s, "hour")?;
    expect(b, &mut p, b':', s, "expected ':' after the hour")?;
    let minute = digits(b, &mut p, 2, s, "minute")?;
    expect(b, &mut p, b':', s, "expected ':' after the minutes")?;
    let second = digits(b, &mut p, 2, s, "seconds")?;
    if b.get(p) == Some(&b'.') {
        p += 1;
        let start = p;
        while b.get(p).is_some_and(u8::is_ascii_digit) {
            p += 1;
        }
        if p == start {
            return Err(bad(s, "no digits after the decimal point"));
        }
    }
    let offset = match b.get(p) {
        None => 0,
        Some(b'Z' | b'z') => {
            p += 1;
            0
        }
        Some(&sign @ (b'+' | b'-')) => {
            p += 1;
            let oh = digits(b, &mut p, 2, s, "offset hours")?;
            expect(b, &mut p, b':', s, "expected ':' in the offset")?;
            let om = digits(b, &mut p, 2, s, "offset minutes")?;
            if oh > 14 || om > 59 || (oh == 14 && om != 0) {
                return Err(bad(s, "offset out of range"));
            }
            let o = oh * 3600 + om * 60;
            if sign == b'-' { -o } else { o }
        }
        Some(_) => return Err(bad(s, "unexpected characters after the time")),
    };
    if p != b.len() {
        return Err(bad(s, "unexpected characters after the time zone"));
    }
    if !(1..=12).contains(&month) {
        return Err(bad(s, "month out of range"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(bad(s, "day out of range"));
    }
    // 24:00:00 is allowed by xsd as the end of the day; 60 seconds as a leap second.
    let end_of_day = hour == 24 && minute == 0 && second == 0;
    if (hour > 23 && !end_of_day) || minute > 59 || second > 60 {
        return Err(bad(s, "time out of range"));
    }
    let second = second.min(59);
    Ok(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Values from `date -u -d ... +%s` (GNU coreutils).
        assert_eq!(
            parse_datetime("2025-03-03T00:00:00Z").unwrap(),
            1_740_960_000
        );
        assert_eq!(parse_datetime("1970-01-01T00:00:00Z").unwrap(), 0);
        assert_eq!(parse_datetime("2000-02-29T12:34:56Z").unwrap(), 951_827_696);
        assert_eq!(
            parse_datetime("2023-02-24T23:36:38Z").unwrap(),
            1_677_281_798
        );
        assert_eq!(parse_datetime("1969-12-31T23:59:59Z").unwrap(), -1);
        assert_eq!(
            parse_datetime("2038-01-19T03:14:08Z").unwrap(),
            2_147_483_648
        );
        assert_eq!(
            parse_datetime("0001-01-01T00:00:00Z").unwrap(),
            -62_135_596_800
        );
        assert_eq!(
            parse_datetime("9999-12-31T23:59:59Z").unwrap(),
            253_402_300_799
        );
    }

    #[test]
    fn offsets_fractions_and_forms() {
        assert_eq!(
            parse_datetime("2025-03-03T01:30:00+01:30").unwrap(),
            1_740_960_000
        );
        assert_eq!(
            parse_datetime("2025-03-02T19:00:00-05:00").unwrap(),
            1_740_960_000
        );
        assert_eq!(
            parse_datetime("2025-03-03T00:00:00.999Z").unwrap(),
            1_740_960_000
        );
        assert_eq!(
            parse_datetime("2025-03-03T00:00:00").unwrap(),
            1_740_960_000
        );
        assert_eq!(
            parse_datetime("2025-03-03t00:00:00z").unwrap(),
            1_740_960_000
        );
        assert_eq!(
            parse_datetime("2025-03-02T24:00:00Z").unwrap(),
            1_740_960_000
        );
    }

    #[test]
    fn rejects_bad_values() {
        for s in [
            "",
            "2025-03-03",
            "2025-3-03T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-00-01T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-01-01T25:00:00Z",
            "2024-01-01T00:60:00Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00+0100",
            "2024-01-01T00:00:00Zjunk",
            "2024-01-01T00:00:00+15:00",
            "２０２４-01-01T00:00:00Z",
        ] {
            let e = parse_datetime(s).unwrap_err();
            assert_eq!(e.code(), "datetime-malformed", "{s}");
        }
        assert!(parse_datetime("2024-02-29T00:00:00Z").is_ok());
    }

    #[test]
    fn formats() {
        assert_eq!(format_rfc3339(1_740_960_000), "2025-03-03T00:00:00Z");
        assert_eq!(format_rfc3339(951_827_696), "2000-02-29T12:34:56Z");
        assert_eq!(format_rfc3339(-1), "1969-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(i64::MAX), "9999-12-31T23:59:59Z");
        assert_eq!(format_rfc3339(i64::MIN), "0000-01-01T00:00:00Z");
        assert_eq!(human_date(1_740_960_000), "3 March 2025");
        assert_eq!(human_date(951_827_696), "29 February 2000");
    }

    #[test]
    fn round_trips_every_day_for_centuries() {
        let mut t = days_from_civil(1800, 1, 1) * 86_400 + 45_296;
        let end = days_from_civil(2400, 1, 1) * 86_400;
        while t < end {
            assert_eq!(parse_datetime(&format_rfc3339(t)).unwrap(), t);
            t += 86_400;
        }
    }
}
