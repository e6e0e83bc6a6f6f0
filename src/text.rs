//! Text made safe for where it is written: XML/HTML escaping, and CSV rows
//! for Danish Excel (`;`, CRLF) with formula cells neutralised. A leaf
//! module: every writer uses these, none of them reads the model.

pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// A cell as a spreadsheet must see it: one that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a `'` in front, so it shows as text
/// and never runs as a formula (OWASP's advice on CSV injection). The JSON
/// open data keeps the exact text.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// One CSV row, `;`-separated and ending in CRLF as Danish Excel expects,
/// quoted by the csv crate where a cell needs it.
pub fn csv_row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(256)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; an empty row is the safe fallback.
    let written = writer
        .write_record(cells.iter().map(|c| neutralise(c.as_ref()).into_owned()))
        .and_then(|()| writer.flush().map_err(csv::Error::from));
    match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => String::from_utf8(bytes).unwrap_or_default(),
        _ => "\r\n".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_quote_and_neutralise() {
        assert_eq!(csv_row(&["a", "b;c", "d\"e"]), "a;\"b;c\";\"d\"\"e\"\r\n");
        assert_eq!(
            csv_row(&["=SUM(A1)", "-1", "+x", "@y", "ok"]),
            "'=SUM(A1);'-1;'+x;'@y;ok\r\n"
        );
        assert_eq!(csv_row(&["linje\nto"]), "\"linje\nto\"\r\n");
        assert_eq!(
            csv_row(&["=HYPERLINK(\"http://x\")", "\tx", "\rx", "2 = 2"]),
            "\"'=HYPERLINK(\"\"http://x\"\")\";'\tx;\"'\rx\";2 = 2\r\n"
        );
    }
}
