//! A small HTTP/1.1 server for `serve`: GET and HEAD of the built site from
//! memory, plus the live-reload event stream. Hand-written on `std::net`
//! because it needs so little (no keep-alive, no uploads) and the event
//! stream must be flushed the moment a rebuild finishes. No URL ever becomes
//! a filesystem path: files are looked up by key in the in-memory site, so
//! `..` cannot reach outside it; such requests are refused all the same.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use super::Served;
use crate::render::links::percent_decode;

/// Paths under this prefix belong to mrplan, not to the site.
const PREFIX: &str = "/__mrplan/";

/// The script injected into every HTML page while serving: reload when a
/// rebuild finishes (also after errors, to show or hide the overlay).
const RELOAD_JS: &str = "(() => {\n  const events = new EventSource('/__mrplan/events');\n  events.onmessage = () => location.reload();\n})();\n";

/// Accepts connections until the process ends; one thread each (the event
/// streams stay open).
pub fn run(listener: TcpListener, served: Arc<Served>) {
    for stream in listener.incoming().flatten() {
        let served = Arc::clone(&served);
        std::thread::spawn(move || {
            let _ = handle(stream, &served);
        });
    }
}

/// The parts of a request we use.
struct Request {
    method: String,
    target: String,
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    // Read (and ignore) the headers up to the blank line.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    Some(Request { method, target })
}

fn handle(mut stream: TcpStream, served: &Served) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let Some(request) = read_request(&stream) else {
        return respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            "Ugyldig forespørgsel.\n".as_bytes(),
            false,
        );
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            "Kun GET og HEAD.\n".as_bytes(),
            head_only,
        );
    }
    let Some(path) = site_path(&request.target) else {
        return respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            "Ugyldig sti: stier med .. eller \\ serveres ikke.\n".as_bytes(),
            head_only,
        );
    };
    if let Some(own) = path.strip_prefix(&PREFIX[1..]) {
        return match own {
            "events" => events(stream, served),
            "reload.js" => respond(
                &mut stream,
                200,
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes(),
                head_only,
            ),
            "status" => {
                let status = served.status();
                respond(
                    &mut stream,
                    200,
                    "application/json",
                    status.as_bytes(),
                    head_only,
                )
            }
            _ => respond(
                &mut stream,
                404,
                "text/plain; charset=utf-8",
                b"",
                head_only,
            ),
        };
    }
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if let Some(bytes) = served.file(&key) {
        let kind = content_type(&key);
        let body = if kind.starts_with("text/html") {
            served.inject(&bytes)
        } else {
            bytes.to_vec()
        };
        return respond(&mut stream, 200, kind, &body, head_only);
    }
    // "/planer/2025/fmi" → "/planer/2025/fmi/", as a static host would.
    if served.file(&format!("{path}/index.html")).is_some() {
        let location = format!("/{path}/");
        let head = format!(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return stream.write_all(head.as_bytes());
    }
    let body = served
        .file("404.html")
        .map(|b| served.inject(&b))
        // Before the first good build there is no 404.html; the page still
        // carries the error overlay and reloads itself once the site builds.
        .unwrap_or_else(|| served.inject(MISSING_PAGE.as_bytes()));
    respond(
        &mut stream,
        404,
        "text/html; charset=utf-8",
        &body,
        head_only,
    )
}

const MISSING_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"da\">\n<head><meta charset=\"utf-8\"><title>Siden findes ikke</title></head>\n<body>\n<main><h1>Siden findes ikke (endnu)</h1><p>Siden er ikke bygget. Ret fejlene, så bygges den igen af sig selv.</p></main>\n</body>\n</html>\n";

/// The site-relative path of a request target, decoded; `None` when it
/// tries to climb out (`..`, also percent-encoded), or holds `\` or NUL.
pub fn site_path(target: &str) -> Option<String> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    let rest = raw.strip_prefix('/')?;
    let decoded = percent_decode(rest);
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    if decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return None;
    }
    // Empty segments ("a//b") are harmless but never name a file of ours.
    Some(decoded)
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The live-reload stream (server-sent events): one `data: reload` per
/// finished rebuild, a comment every 15 s to notice closed tabs.
fn events(mut stream: TcpStream, served: &Served) -> std::io::Result<()> {
    let (tx, rx) = mpsc::channel();
    served.subscribe(tx);
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    )?;
    stream.flush()?;
    loop {
        let message: &[u8] = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(()) => b"data: reload\n\n",
            Err(mpsc::RecvTimeoutError::Timeout) => b": ping\n\n",
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        };
        stream.write_all(message)?;
        stream.flush()?;
    }
}

/// The Content-Type of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "otf" => "font/otf",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused_plain_and_encoded() {
        for bad in [
            "/../etc/passwd",
            "/planer/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/%2e%2e%5c..%5cx",
            "/..%5c..%5cwindows",
            "/a/./b",
            "/x%00.html",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("/"), Some(String::new()));
        assert_eq!(
            site_path("/data/m%C3%A5l.csv?x=1"),
            Some("data/mål.csv".into())
        );
        // Decoded once only: a double-encoded dot is a literal name, not a climb.
        assert_eq!(site_path("/%252e%252e/x"), Some("%2e%2e/x".into()));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/atom+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("data/mål.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("planer/2025/fmi.pdf"), "application/pdf");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
    }
}
