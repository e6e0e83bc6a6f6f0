//! Dates: parsing what authors write, "today" for reproducible builds, and
//! Danish formatting.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// Parses `YYYY-MM-DD` strictly.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let mut parts = s.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDThh:mm`, `YYYY-MM-DD hh:mm` or with `:ss`.
pub fn parse_datetime(s: &str) -> Option<PrimitiveDateTime> {
    let s = s.trim();
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let date = parse_date(date)?;
    let time = match time {
        None => Time::MIDNIGHT,
        Some(t) => {
            // Two digits each, as the schema's pattern says.
            let two = |p: &str| -> Option<u8> {
                (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            };
            let mut parts = t.split(':');
            let h = two(parts.next()?)?;
            let m = two(parts.next()?)?;
            let sec = match parts.next() {
                Some(x) => two(x)?,
                None => 0,
            };
            if parts.next().is_some() {
                return None;
            }
            Time::from_hms(h, m, sec).ok()?
        }
    };
    Some(PrimitiveDateTime::new(date, time))
}

/// Now, or `SOURCE_DATE_EPOCH` when it is set, so that builds are reproducible
/// and tests do not depend on the day they run.
pub fn now() -> OffsetDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| OffsetDateTime::from_unix_timestamp(secs).ok())
        .unwrap_or_else(OffsetDateTime::now_utc)
}

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// "15. januar 2025".
pub fn long_da(d: Date) -> String {
    format!(
        "{}. {} {}",
        d.day(),
        MONTHS[d.month() as usize - 1],
        d.year()
    )
}

/// "07-04-2020 - kl. 09:56", the style of the ministry's "Sidst opdateret" lines.
pub fn updated_da(dt: PrimitiveDateTime) -> String {
    format!(
        "{:02}-{:02}-{} - kl. {:02}:{:02}",
        dt.day(),
        dt.month() as u8,
        dt.year(),
        dt.hour(),
        dt.minute()
    )
}

/// "31-12-2025", for compact tables.
pub fn short_da(d: Date) -> String {
    format!("{:02}-{:02}-{}", d.day(), d.month() as u8, d.year())
}

/// `2025-01-15T09:56:00Z`, for feeds and sitemaps.
pub fn rfc3339(dt: PrimitiveDateTime) -> String {
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        dt.year(),
        dt.month() as u8,
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// The last day of a quarter ("Q1".."Q4") of a year.
pub fn quarter_end(year: i32, quarter: &str) -> Option<Date> {
    let (month, day) = match quarter {
        "Q1" => (Month::March, 31),
        "Q2" => (Month::June, 30),
        "Q3" => (Month::September, 30),
        "Q4" => (Month::December, 31),
        _ => return None,
    };
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let d = parse_date("2025-01-15").expect("date");
        assert_eq!(long_da(d), "15. januar 2025");
        assert!(parse_date("2025-02-30").is_none());
        assert!(parse_date("15-01-2025").is_none());
        let dt = parse_datetime("2020-04-07T09:56").expect("datetime");
        assert_eq!(updated_da(dt), "07-04-2020 - kl. 09:56");
        assert_eq!(rfc3339(dt), "2020-04-07T09:56:00Z");
        assert!(parse_datetime("2020-04-07 25:00").is_none());
        assert_eq!(
            quarter_end(2025, "Q3").map(short_da).as_deref(),
            Some("30-09-2025")
        );
    }
}
