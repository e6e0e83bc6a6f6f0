//! The HTTP server for `serve`: GET and HEAD of the built site from memory,
//! plus the live-reload event stream, with axum on a small tokio runtime of
//! its own (one thread).
//!
//! It stays up under abuse: at most [`MAX_CONNECTIONS`] connections are
//! open (a new one past that closes the longest idle one), a request head
//! must arrive within [`HEAD_TIMEOUT`] and a response finish within
//! [`REQUEST_TIMEOUT`], an event stream pings every [`PING`] so a closed
//! tab is noticed, and a failing `accept` (no file descriptors left) backs
//! off instead of spinning. A request whose `Host` is not this server
//! (DNS rebinding: a web page reading the drafts) gets 421.
//!
//! No URL ever becomes a filesystem path: files are looked up by key in the
//! in-memory site, so `..` cannot reach outside it; such requests are
//! refused all the same.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower_service::Service;

use super::Served;
use super::editor::{Change, Editor, Refusal};
use crate::limits;
use crate::render::links::percent_decode;

/// Paths under this prefix belong to mrplan, not to the site.
const PREFIX: &str = "/__mrplan/";
/// The editor's assets and API (a site path, without the leading `/`).
const EDITOR_API: &str = "__mrplan/rediger/";
/// The largest request body the editor takes: a file's front matter and
/// body as JSON (with escapes) stays well below this.
pub const MAX_BODY: usize = 4 * limits::CONTENT_FILE as usize;

/// Open connections at most; past that the longest idle one is closed.
pub const MAX_CONNECTIONS: usize = 256;
/// Live-reload streams at most (each open tab has one).
pub const MAX_STREAMS: usize = 64;
/// How long a client may take to send a request head (also between requests).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a response may take to be sent (event streams excepted).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How often an idle event stream is pinged.
pub const PING: Duration = Duration::from_secs(10);

/// The script injected into every HTML page while serving: reload when a
/// rebuild finishes (also after errors, to show or hide the overlay).
const RELOAD_JS: &str = "(() => {\n  const events = new EventSource('/__mrplan/events');\n  events.onmessage = () => location.reload();\n})();\n";

/// Serves `listener` until the process ends, on a runtime of its own.
pub fn run(listener: std::net::TcpListener, served: Arc<Served>, editor: Arc<Editor>) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            crate::err!("fejl: serveren kan ikke starte: {e}");
            return;
        }
    };
    runtime.block_on(async move {
        let _ = listener.set_nonblocking(true);
        let Ok(address) = listener.local_addr() else {
            return;
        };
        let Ok(listener) = TcpListener::from_std(listener) else {
            crate::err!("fejl: serveren kan ikke lytte på {address}");
            return;
        };
        let state = Arc::new(AppState {
            served,
            editor,
            address,
            streams: AtomicUsize::new(0),
        });
        let app = Router::new().fallback(handle).with_state(state);
        accept(listener, app).await;
    });
}

struct AppState {
    served: Arc<Served>,
    editor: Arc<Editor>,
    /// The address we listen on, for the `Host` check.
    address: SocketAddr,
    /// Event streams open now.
    streams: AtomicUsize,
}

/// Accepts connections for ever. An error from `accept` (most often: no file
/// descriptors left) would come back at once, so wait before trying again,
/// longer each time, instead of spinning a core.
async fn accept(listener: TcpListener, app: Router) {
    let slots = Arc::new(Slots::default());
    let mut backoff = Duration::from_millis(10);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => {
                backoff = Duration::from_millis(10);
                stream
            }
            Err(_) => {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(1));
                continue;
            }
        };
        let Some(slot) = slots.admit() else {
            // Every slot busy with a request or stream: refuse this one.
            drop(stream);
            continue;
        };
        tokio::spawn(connection(stream, app.clone(), slot));
    }
}

/// One connection: one request (no keep-alive), within the time limits.
async fn connection(stream: tokio::net::TcpStream, app: Router, slot: Slot) {
    let state = Arc::clone(&slot.state);
    let service = hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
        state.busy.store(true, Ordering::SeqCst);
        if request.uri().path() == "/__mrplan/events" {
            state.stream.store(true, Ordering::SeqCst);
        }
        let mut app = app.clone();
        async move { app.call(request.map(Body::new)).await }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .keep_alive(false)
        .title_case_headers(true)
        .serve_connection(TokioIo::new(stream), service);
    let deadline = async {
        tokio::time::sleep(REQUEST_TIMEOUT).await;
        // An event stream lives as long as its tab; its pings find a closed one.
        if slot.state.stream.load(Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        _ = connection => {}
        _ = slot.state.close.notified() => {}
        _ = deadline => {}
    }
}

/// The open connections, oldest first, so the cap can close an idle one.
#[derive(Default)]
struct Slots {
    open: Mutex<Vec<Arc<SlotState>>>,
    next: AtomicU64,
}

#[derive(Default)]
struct SlotState {
    id: u64,
    /// A request has arrived (it is no longer just an open socket).
    busy: AtomicBool,
    /// The request is the event stream, which may stay open.
    stream: AtomicBool,
    close: Notify,
}

/// A connection's place among the open ones; given back when dropped.
struct Slot {
    state: Arc<SlotState>,
    slots: Arc<Slots>,
}

impl Slots {
    /// A place for a new connection. At the cap the oldest connection that
    /// has sent no request yet is closed to make room; `None` when all are busy.
    fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if open.len() >= MAX_CONNECTIONS {
            let idle = open.iter().position(|s| !s.busy.load(Ordering::SeqCst))?;
            open.remove(idle).close.notify_one();
        }
        let state = Arc::new(SlotState {
            id: self.next.fetch_add(1, Ordering::SeqCst),
            ..SlotState::default()
        });
        open.push(Arc::clone(&state));
        Some(Slot {
            state,
            slots: Arc::clone(self),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|p| p.into_inner());
        open.retain(|s| s.id != self.state.id);
    }
}

/// A `Host` header as (name, port); an IPv6 address is written `[::1]:1111`.
fn split_host(host: &str) -> (&str, Option<&str>) {
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((ip, "")) => (ip, None),
            Some((ip, tail)) => (ip, Some(tail.strip_prefix(':').unwrap_or(tail))),
            None => (host, None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

/// Whether `host` (a `Host` header) names this server: `localhost`, a
/// loopback address or the address we listen on, with our port (or none
/// when the port is 80). Listening on every address (`--bind 0.0.0.0`),
/// any IP address is fine: DNS rebinding needs a name, never an address.
pub fn host_allowed(host: &str, address: SocketAddr) -> bool {
    let (name, port) = split_host(host);
    let port_ok = match port {
        Some(p) => p.parse::<u16>().ok() == Some(address.port()),
        None => address.port() == 80,
    };
    if !port_ok || name.is_empty() {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == address.ip() || address.ip().is_unspecified(),
        Err(_) => false,
    }
}

fn plain(status: StatusCode, text: &str) -> Response<Body> {
    respond(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

fn respond(status: StatusCode, kind: &str, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(kind) = kind.parse() {
        headers.insert(header::CONTENT_TYPE, kind);
    }
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    response
}

async fn handle(State(state): State<Arc<AppState>>, request: Request<Body>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let (method, uri, headers) = (parts.method, parts.uri, parts.headers);
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !host_allowed(host, state.address) {
        return plain(
            StatusCode::MISDIRECTED_REQUEST,
            &format!(
                "Forkert værtsnavn ('{host}'). Åbn siden på http://localhost:{0}/ eller http://127.0.0.1:{0}/.\n",
                state.address.port()
            ),
        );
    }
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let Some(path) = site_path(target) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "Ugyldig sti: stier med .. eller \\ serveres ikke.\n",
        );
    };
    if let Some(api) = path.strip_prefix(EDITOR_API) {
        return editor_request(&state, &method, api, uri.query(), &headers, host, body).await;
    }
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "Kun GET og HEAD.\n");
    }
    if path == "rediger" || path.starts_with("rediger/") {
        let page = state.editor.shell("Redigér planerne");
        let mut response = respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            page.into_bytes(),
        );
        // Only the editor's own script and style run, and no other page may
        // frame it (a framed "Gem" could be clicked through a decoy).
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            header::HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            ),
        );
        headers.insert(
            header::X_FRAME_OPTIONS,
            header::HeaderValue::from_static("DENY"),
        );
        return response;
    }
    let served = &state.served;
    if let Some(own) = path.strip_prefix(&PREFIX[1..]) {
        return match own {
            "events" => events(&state),
            "reload.js" => respond(
                StatusCode::OK,
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes().to_vec(),
            ),
            "status" => respond(
                StatusCode::OK,
                "application/json",
                served.status().into_bytes(),
            ),
            _ => plain(StatusCode::NOT_FOUND, ""),
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
            served.inject(&bytes, &edit_link(&state.editor, &key))
        } else {
            bytes.to_vec()
        };
        return respond(StatusCode::OK, kind, body);
    }
    // "/planer/2025/fmi" → "/planer/2025/fmi/", as a static host would.
    if served.file(&format!("{path}/index.html")).is_some() {
        let mut response = plain(StatusCode::MOVED_PERMANENTLY, "");
        if let Ok(location) = format!("/{path}/").parse() {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let body = served
        .file("404.html")
        .map(|b| served.inject(&b, ""))
        // Before the first good build there is no 404.html; the page still
        // carries the error overlay and reloads itself once the site builds.
        .unwrap_or_else(|| served.inject(MISSING_PAGE.as_bytes(), ""));
    respond(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
}

/// The "Redigér" link on a plan, agency or front page, to its file in the editor.
fn edit_link(editor: &Editor, key: &str) -> String {
    let parts: Vec<&str> = key.split('/').collect();
    let sti = match parts.as_slice() {
        ["index.html"] => "_index.md".to_string(),
        ["planer", year, slug, "index.html"] => format!("planer/{year}/{slug}.md"),
        ["styrelser", slug, "index.html"] => format!("styrelser/{slug}.md"),
        _ => return String::new(),
    };
    if !editor.edits(&sti) {
        return String::new();
    }
    format!(
        "<a href=\"/rediger/fil/{sti}\" id=\"mrplan-rediger\" style=\"position:fixed;right:1rem;bottom:1rem;z-index:2147483646;background:#00205b;color:#fff;padding:.6rem 1.1rem;border-radius:4px;font-family:inherit;font-size:1rem;font-weight:600;line-height:1.4;text-decoration:underline;box-shadow:0 2px 6px rgba(0,0,0,.3)\">Redigér</a>\n"
    )
}

fn json_response(status: StatusCode, value: &serde_json::Value) -> Response<Body> {
    respond(status, "application/json", value.to_string().into_bytes())
}

fn refused(r: Refusal) -> Response<Body> {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json_response(status, &serde_json::json!({ "fejl": r.message }))
}

/// The editor's assets (GET) and its API. Whatever changes files, starts a
/// typesetting or creates a file is a POST that must come from the editor's
/// own page: the same `Origin` as the `Host` it was sent to (a page of
/// another site cannot fake that) and the per-run token that only the
/// editor's pages carry (CSRF).
async fn editor_request(
    state: &Arc<AppState>,
    method: &Method,
    api: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    host: &str,
    body: Body,
) -> Response<Body> {
    let editor = Arc::clone(&state.editor);
    if *method == Method::GET || *method == Method::HEAD {
        return match api {
            "editor.js" => respond(
                StatusCode::OK,
                "text/javascript; charset=utf-8",
                super::editor::SCRIPT.as_bytes().to_vec(),
            ),
            "editor.css" => respond(
                StatusCode::OK,
                "text/css; charset=utf-8",
                super::editor::STYLE.as_bytes().to_vec(),
            ),
            "api/oversigt" => blocking(move || editor.overview()).await,
            "api/fil" => {
                let sti = query
                    .into_iter()
                    .flat_map(|q| q.split('&'))
                    .find_map(|kv| kv.strip_prefix("sti="))
                    .map(|v| percent_decode(&v.replace('+', " ")))
                    .unwrap_or_default();
                blocking(move || editor.open(&sti)).await
            }
            _ => plain(StatusCode::NOT_FOUND, ""),
        };
    }
    if *method != Method::POST {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "Kun GET, HEAD og POST.\n");
    }
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if origin != Some(format!("http://{host}").as_str()) {
        return refused(Refusal {
            status: 403,
            message: "Forespørgslen kommer ikke fra editorens egen side (forkert eller manglende Origin), så den er afvist.".into(),
        });
    }
    let token = headers.get("x-mrplan-token").and_then(|t| t.to_str().ok());
    if token != Some(editor.token.as_str()) {
        return refused(Refusal {
            status: 403,
            message: "Forespørgslen mangler editorens nøgle for denne kørsel. Genindlæs siden (mrplan serve er måske startet igen).".into(),
        });
    }
    // A declared length past the cap is refused at once, not after it arrives.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|l| l.to_str().ok()?.parse::<u64>().ok());
    let too_big = || {
        refused(Refusal {
            status: 413,
            message: format!("Forespørgslen er for stor (over {} kB).", MAX_BODY / 1024),
        })
    };
    if declared.is_some_and(|l| l > MAX_BODY as u64) {
        return too_big();
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return too_big();
    };
    let generation = state.served.generation.load(Ordering::SeqCst);
    let parse = |bytes: &[u8]| {
        serde_json::from_slice::<Change>(bytes).map_err(|e| Refusal {
            status: 400,
            message: format!("Forespørgslen kan ikke læses: {e}."),
        })
    };
    match api {
        "api/tjek" => match parse(&bytes) {
            Ok(change) => blocking(move || editor.check(&change, generation)).await,
            Err(r) => refused(r),
        },
        "api/forskel" => match parse(&bytes) {
            Ok(change) => blocking(move || editor.diff(&change, generation)).await,
            Err(r) => refused(r),
        },
        "api/gem" => match parse(&bytes) {
            Ok(change) => blocking(move || editor.save(&change, generation)).await,
            Err(r) => refused(r),
        },
        "api/pdf" => match parse(&bytes) {
            Ok(change) => pdf(editor, change).await,
            Err(r) => refused(r),
        },
        "api/markdown" => {
            let text = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v.get("body").and_then(|b| b.as_str()).map(str::to_string))
                .unwrap_or_default();
            let html = crate::markdown::render(&text, 0, pulldown_cmark::HeadingLevel::H2).html;
            json_response(StatusCode::OK, &serde_json::json!({ "html": html }))
        }
        "api/ny-plan" => {
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
            let agency = v["styrelse"].as_str().unwrap_or("").to_string();
            let year = v["år"]
                .as_i64()
                .and_then(|y| i32::try_from(y).ok())
                .unwrap_or(0);
            blocking(move || editor.new_plan(&agency, year)).await
        }
        "api/ny-styrelse" => {
            let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
            let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let (slug, name, abbreviation, url) =
                (text("slug"), text("navn"), text("forkortelse"), text("url"));
            blocking(move || editor.new_agency(&slug, &name, Some(&abbreviation), Some(&url))).await
        }
        _ => plain(StatusCode::NOT_FOUND, ""),
    }
}

/// Runs editor work (reading, checking, writing files) off the server's
/// one thread, so pages keep being served meanwhile.
async fn blocking(
    work: impl FnOnce() -> Result<serde_json::Value, Refusal> + Send + 'static,
) -> Response<Body> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => json_response(StatusCode::OK, &value),
        Ok(Err(r)) => refused(r),
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Editoren fejlede internt.\n",
        ),
    }
}

/// Typesets on rayon's pool, whose large stacks Typst needs.
async fn pdf(editor: Arc<Editor>, change: Change) -> Response<Body> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    rayon::spawn(move || {
        let _ = tx.send(editor.pdf(&change));
    });
    match rx.await {
        Ok(Ok(bytes)) => respond(StatusCode::OK, "application/pdf", bytes),
        Ok(Err(r)) => refused(r),
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Pdf'en kunne ikke sættes.\n",
        ),
    }
}

const MISSING_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"da\">\n<head><meta charset=\"utf-8\"><title>Siden findes ikke</title></head>\n<body>\n<main><h1>Siden findes ikke (endnu)</h1><p>Siden er ikke bygget. Ret fejlene, så bygges den igen af sig selv.</p></main>\n</body>\n</html>\n";

/// The site-relative path of a request target, decoded; `None` when it
/// tries to climb out (`..`, also percent-encoded), or holds `\\` or NUL.
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

/// Counts an open event stream; gives its place back when the stream ends.
struct StreamGuard(Arc<AppState>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The live-reload stream (server-sent events): one `data: reload` per
/// finished rebuild, and a ping every [`PING`]: writing to a closed tab
/// fails, which ends the stream and frees its connection.
fn events(state: &Arc<AppState>) -> Response<Body> {
    if state.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        state.streams.fetch_sub(1, Ordering::SeqCst);
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "For mange åbne faner med live reload; luk nogle og genindlæs.\n",
        );
    }
    let guard = StreamGuard(Arc::clone(state));
    // Only rebuilds from now on count.
    let mut reloads = state.served.subscribe();
    reloads.mark_unchanged();
    let first = Event::default()
        .retry(Duration::from_millis(500))
        .comment("mrplan");
    let stream = futures_util::stream::unfold(
        (Some(first), reloads, guard),
        |(first, mut rx, guard)| async move {
            if let Some(first) = first {
                return Some((Ok::<Event, Infallible>(first), (None, rx, guard)));
            }
            rx.changed().await.ok()?;
            Some((Ok(Event::default().data("reload")), (None, rx, guard)))
        },
    );
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(PING).text("ping"))
        .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
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
        // Pagefind's WebAssembly; its index files (.pf_index, .pf_meta,
        // .pf_fragment, .pagefind) are gzipped bytes, octet-stream.
        "wasm" => "application/wasm",
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
        assert_eq!(
            content_type("pagefind/pagefind-component-ui.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("x.wasm"), "application/wasm");
        assert_eq!(
            content_type("pagefind/wasm.da.pagefind"),
            "application/octet-stream"
        );
    }
}
