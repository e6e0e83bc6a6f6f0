//! `mrplan serve`: the real binary on a free loopback port, fetched over
//! HTTP while its content is edited.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::{EPOCH, TestSite, tree};

/// A running `mrplan serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response.
pub struct Response {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Server {
    pub fn start(site: &TestSite, args: &[&str]) -> Server {
        Self::start_limited(site, args, None)
    }

    /// Starts the server with at most `files` open file descriptors.
    fn start_limited(site: &TestSite, args: &[&str], files: Option<u32>) -> Server {
        let mut command = match files {
            Some(n) => {
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(env!("CARGO_BIN_EXE_mrplan"));
                c
            }
            None => Command::new(env!("CARGO_BIN_EXE_mrplan")),
        };
        let mut child = command
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(site.dir.path())
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mrplan serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut stderr = child.stderr.take().expect("stderr");
        let (err_tx, err_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            let _ = err_tx.send(text);
        });
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let Ok(line) = rx.recv_timeout(Duration::from_secs(60)) else {
            let _ = child.kill();
            let stderr = err_rx
                .recv_timeout(Duration::from_secs(5))
                .unwrap_or_default();
            panic!("serve printed no address; its stderr:\n{stderr}");
        };
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in: {line}"));
        Server { child, port }
    }

    /// Sends a raw request target (not normalised, so `..` reaches the server).
    pub fn get(&self, target: &str) -> Response {
        self.get_as(target, &format!("localhost:{}", self.port))
    }

    /// A request with this `Host` header.
    fn get_as(&self, target: &str, host: &str) -> Response {
        self.send("GET", target, host, &[], b"")
    }

    /// Any request: `headers` besides Host, and a body.
    pub fn send(
        &self,
        method: &str,
        target: &str,
        host: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        let mut head =
            format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        let declared = headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-length"));
        if !declared && (!body.is_empty() || method == "POST") {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("send");
        // The server may answer (413) before reading all of a large body.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        // A reset after the answer (a refused body not read) is fine.
        if let Err(e) = stream.read_to_end(&mut raw) {
            assert!(!raw.is_empty(), "read: {e}");
        }
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("end of head");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .expect("status");
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        Response {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__mrplan/status").body).expect("status json")
    }

    pub fn generation(&self) -> u64 {
        self.status()["generation"].as_u64().expect("generation")
    }

    /// Waits until a rebuild after `after` has finished (and, with `pdfs`,
    /// the PDFs have caught up).
    pub fn wait(&self, after: u64, pdfs: bool) {
        let start = Instant::now();
        loop {
            let s = self.status();
            if s["generation"].as_u64().unwrap_or(0) > after && (!pdfs || s["pdf_pending"] == false)
            {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no rebuild after generation {after}: {s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Edits a file and waits for the rebuild it causes.
    pub fn edit(&self, site: &TestSite, rel: &str, from: &str, to: &str) {
        let g = self.generation();
        site.edit(rel, from, to);
        self.wait(g, false);
    }
}

const PLAN: &str = "content/planer/2025/fmi.md";
const PLAN_PAGE: &str = "/planer/2025/fmi/";
const GOAL: &str = "Kortere gennemløbstid for udbud";

#[test]
fn serves_pages_with_the_reload_script_and_shows_edits() {
    let site = TestSite::new("default");
    let server = Server::start(&site, &["--no-pdf"]);
    let front = server.get("/");
    assert_eq!(front.status, 200);
    assert_eq!(front.headers["content-type"], "text/html; charset=utf-8");
    let scripts: Vec<String> = {
        let doc = Html::parse_document(&front.text());
        let sel = Selector::parse("script[src]").expect("selector");
        doc.select(&sel)
            .filter_map(|e| e.value().attr("src").map(str::to_string))
            .collect()
    };
    assert_eq!(scripts, ["/__mrplan/reload.js"]);
    // The file on disk is the plain build: no script there.
    assert!(!site.read("output/index.html").contains("__mrplan"));

    let before = server.get(PLAN_PAGE).text();
    assert!(
        crate::texts_of(&before, "h3, td, th")
            .iter()
            .any(|t| t.contains(GOAL))
    );
    server.edit(&site, PLAN, GOAL, "Kortere sagsbehandling i udbud");
    let after = server.get(PLAN_PAGE).text();
    let shown = crate::texts_of(&after, "h3, td, th").join("\n");
    assert!(shown.contains("Kortere sagsbehandling i udbud"), "{shown}");
    assert!(!shown.contains(GOAL));
    // And on disk, as a build would write it.
    let disk = site.read("output/planer/2025/fmi/index.html");
    assert!(
        crate::texts_of(&disk, "h3, td, th")
            .join("\n")
            .contains("Kortere sagsbehandling i udbud")
    );

    // A plain path without the slash redirects like a static host.
    let redirect = server.get("/planer/2025/fmi");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.headers["location"], "/planer/2025/fmi/");
    let missing = server.get("/findes/ikke.html");
    assert_eq!(missing.status, 404);
    assert_eq!(
        crate::texts_of(&missing.text(), "h1"),
        ["Siden findes ikke"]
    );
}

#[test]
fn errors_show_as_an_overlay_over_the_last_good_page() {
    let site = TestSite::new("default");
    let server = Server::start(&site, &["--no-pdf"]);
    server.edit(
        &site,
        PLAN,
        "status: godkendt",
        "status: godkendt\nvaegt: 3",
    );
    let page = server.get(PLAN_PAGE);
    assert_eq!(page.status, 200);
    let overlay = crate::texts_of(&page.text(), "#mrplan-fejl pre").join("\n");
    assert!(
        overlay.contains("content/planer/2025/fmi.md:6:1") && overlay.contains("MRP004"),
        "{overlay}"
    );
    assert!(
        overlay.contains("Ukendt felt 'vaegt' i planen."),
        "{overlay}"
    );
    assert!(overlay.contains("tip: Tilladte felter her"), "{overlay}");
    // The last good page is still underneath.
    assert!(
        crate::texts_of(&page.text(), "td, h3")
            .iter()
            .any(|t| t.contains(GOAL))
    );
    assert!(server.status()["errors"] == true);

    server.edit(
        &site,
        PLAN,
        "status: godkendt\nvaegt: 3",
        "status: godkendt",
    );
    let page = server.get(PLAN_PAGE).text();
    assert!(crate::texts_of(&page, "#mrplan-fejl").is_empty());
    assert!(server.status()["errors"] == false);
}

#[test]
fn traversal_is_refused_and_types_are_right() {
    let site = TestSite::new("default");
    site.write("static/hemmelig.txt", "ikke her");
    let server = Server::start(&site, &["--no-pdf"]);
    for bad in [
        "/../content/_index.md",
        "/planer/../../content/_index.md",
        "/%2e%2e/content/_index.md",
        "/%2E%2E%2Fcontent%2F_index.md",
        "/..%5ccontent%5c_index.md",
        "/planer/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let r = server.get(bad);
        assert_eq!(r.status, 400, "{bad}");
        assert!(!r.text().contains("ministerium"), "{bad}");
    }
    for (path, kind) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/atom.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/data/planer.json", "application/json"),
        ("/data/m%C3%A5l.csv", "text/csv; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(
            (r.status, r.headers["content-type"].as_str()),
            (200, kind),
            "{path}"
        );
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
    }
}

#[test]
fn the_event_stream_says_reload_after_an_edit() {
    let site = TestSite::new("default");
    let server = Server::start(&site, &["--no-pdf"]);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    write!(
        stream,
        "GET /__mrplan/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    )
    .expect("send");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while reader.read_line(&mut head).map(|n| n > 0).unwrap_or(false) && !head.ends_with("\r\n\r\n")
    {
    }
    assert!(head.contains("Content-Type: text/event-stream"), "{head}");
    site.edit(PLAN, GOAL, "Hurtigere udbud");
    let mut line = String::new();
    loop {
        line.clear();
        reader.read_line(&mut line).expect("an event within 20 s");
        if line.starts_with("data:") {
            break;
        }
    }
    assert_eq!(line.trim(), "data: reload");
}

#[test]
fn after_a_sequence_of_edits_the_served_site_equals_a_clean_build() {
    let site = TestSite::new("default");
    let server = Server::start(&site, &[]);
    server.wait(0, true);
    // A plan edited, one made a draft, an agency renamed, a new plan, one deleted,
    // a broken edit and its fix, and a template change.
    server.edit(&site, PLAN, GOAL, "Hurtigere udbud");
    server.edit(
        &site,
        "content/planer/2026/fe.md",
        "status: godkendt",
        "status: udkast",
    );
    server.edit(
        &site,
        "content/styrelser/hjk.md",
        "navn: Hjemmeværnskommandoen",
        "navn: Hjemmeværnskommandoen (HJK)",
    );
    let g = server.generation();
    let new = site.run(&["new", "plan", "--styrelse", "fmi", "--år", "2027"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    server.wait(g, false);
    server.edit(&site, "content/planer/2027/fmi.md", "status: udkast", "status: godkendt\npåtegning: {sted: København, dato: 2026-12-15, departementschef: A, styrelsesdirektør: B}");
    let g = server.generation();
    std::fs::remove_file(site.path("content/planer/2024/fps.md")).expect("delete");
    server.wait(g, false);
    server.edit(
        &site,
        PLAN,
        "Hurtigere udbud",
        "Hurtigere udbud\n    vaegt: 1",
    );
    server.edit(
        &site,
        PLAN,
        "Hurtigere udbud\n    vaegt: 1",
        "Hurtigere udbud",
    );
    override_template(
        &site,
        &server,
        "404.html",
        "Siden findes ikke",
        "Siden blev ikke fundet",
    );
    // A page template: only the plan pages render again.
    override_template(
        &site,
        &server,
        "plan.html",
        "Strategisk målbillede",
        "Det strategiske målbillede",
    );

    let built = site.run(&["build", "-o", "clean"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let clean = tree(&site.path("clean"));
    // The search index is made just after the reload, and the PDF worker
    // renders pages again once its PDFs are made: the served site settles
    // a moment after the last reload (on a loaded machine, seconds).
    server.wait(0, true);
    let start = Instant::now();
    let mut served = tree(&site.path("output"));
    while served != clean && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
        served = tree(&site.path("output"));
    }
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&served), names(&clean));
    for (path, bytes) in &clean {
        assert!(served[path] == *bytes, "{path} differs from a clean build");
    }
    assert!(clean.contains_key("planer/2027/fmi/index.html"));
    assert!(!clean.contains_key("planer/2024/fps/index.html"));
    // What is served over HTTP is the same (HTML with the reload script and
    // the editor's link added).
    for path in [
        "planer/2025/fmi.pdf",
        "data/planer.json",
        "styrelser/hjk/index.html",
    ] {
        let r = server.get(&format!("/{path}"));
        let body = if path.ends_with(".html") {
            let text = r.text();
            let link = text
                .find("<a href=\"/rediger/fil/styrelser/hjk.md\" id=\"mrplan-rediger\"")
                .map(|at| &text[at..at + text[at..].find("</a>\n").expect("end of link") + 5])
                .expect("the editor's link")
                .to_string();
            text.replace(&link, "")
                .replace("<script src=\"/__mrplan/reload.js\"></script>\n", "")
                .into_bytes()
        } else {
            r.body
        };
        assert!(
            body == clean[path],
            "{path}: served bytes differ from a clean build"
        );
    }
}

/// Whether the browser tools are here (`.ci/run` installs them); in CI their
/// absence is a failure, elsewhere the test says why and passes.

#[test]
fn a_browser_reloads_the_page_after_an_edit() {
    if !crate::browser_ready() {
        return;
    }
    let site = TestSite::new("default");
    let server = Server::start(&site, &["--no-pdf"]);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(repo.join("a11y/livereload.mjs"))
        .arg(format!("http://127.0.0.1:{}{PLAN_PAGE}", server.port))
        .arg(site.path(PLAN))
        .arg(GOAL)
        .arg("Udbud på under et halvt år")
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_str(stdout.trim()).expect("json");
    let before = result["before"].as_str().expect("before");
    let after = result["after"].as_str().expect("after");
    // The goal's heading changed; the old title may still be named in
    // "Ændringer fra 2024", as the 2024 plan's goal.
    let (old, new) = (format!("Mål 2 {GOAL}"), "Mål 2 Udbud på under et halvt år");
    assert!(before.contains(&old) && !before.contains(new));
    assert!(after.contains(new) && !after.contains(&old), "{after}");
    // A real reload: the page loaded twice and the mark set in between is gone.
    assert_eq!(result["loads"], 2, "{result}");
    assert_eq!(result["mark_after"], false, "{result}");
}

#[test]
fn a_template_edit_renders_only_the_pages_that_use_it() {
    let site = TestSite::new("default");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let agency = std::fs::read_to_string(repo.join("themes/standard/templates/agency.html"))
        .expect("agency.html");
    site.write("templates/agency.html", &agency);
    let server = Server::start(&site, &["--no-pdf"]);
    let full = server.status()["rendered"].as_u64().expect("rendered");
    let plan_before = server.get(PLAN_PAGE).text();

    // Give every agency page a new line: the override, edited while serving.
    let g = server.generation();
    site.write(
        "templates/agency.html",
        &agency.replacen(
            "{% block content %}",
            "{% block content %}\n<p class=\"nyt\">Ny linje fra skabelonen</p>",
            1,
        ),
    );
    server.wait(g, false);
    let status = server.status();
    assert_eq!(status["errors"], false, "{status}");
    let page = server.get("/styrelser/fmi/");
    assert_eq!(
        crate::texts_of(&page.text(), "p.nyt"),
        ["Ny linje fra skabelonen"]
    );
    // Seven agency pages and the pages every render makes (listing, agencies
    // list, 404, sitemap, feed, open data, the search page and the goal
    // index with its filter pages): not the plan and results pages.
    let goal_index = walkdir::WalkDir::new(site.path("output/maal"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .count() as u64;
    assert!(goal_index > 10, "{goal_index}");
    let rendered = status["rendered"].as_u64().expect("rendered");
    assert_eq!(
        rendered,
        7 + 7 + 1 + goal_index,
        "a full render makes {full}"
    );
    assert!(full > 40, "{full}");
    assert_eq!(server.get(PLAN_PAGE).text(), plan_before);

    // base.html is shared by every page, so it renders everything.
    let base = std::fs::read_to_string(repo.join("themes/standard/templates/base.html"))
        .expect("base.html");
    let g = server.generation();
    site.write("templates/base.html", &base.replace("Hovedmenu", "Menu"));
    server.wait(g, false);
    assert_eq!(server.status()["rendered"].as_u64(), Some(full));
    let plan = server.get(PLAN_PAGE).text();
    let doc = Html::parse_document(&plan);
    let nav = Selector::parse("nav[aria-label=Menu]").expect("selector");
    assert_eq!(doc.select(&nav).count(), 1);
}

#[test]
fn serving_drafts_never_touches_output() {
    let site = TestSite::new("default");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = tree(&site.path("output"));
    let server = Server::start(&site, &["--drafts"]);
    server.wait(0, true);
    // The draft is served (with the preview banner), a new draft appears
    // and an approved plan is edited: all in memory only.
    let draft = server.get("/planer/2026/frs/");
    assert_eq!(draft.status, 200);
    let doc = Html::parse_document(&draft.text());
    assert_eq!(
        crate::texts(&doc, ".preview-banner strong"),
        vec!["Forhåndsvisning med udkast."]
    );
    let g = server.generation();
    let text = site.read("content/planer/2026/frs.md");
    site.write(
        "content/planer/2027/frs.md",
        &text
            .replace("år: 2026", "år: 2027")
            .replace("2026-", "2027-"),
    );
    server.wait(g, true);
    assert_eq!(server.get("/planer/2027/frs/").status, 200);
    server.edit(&site, PLAN, GOAL, "Hurtigere udbud");
    assert!(server.get(PLAN_PAGE).text().contains("Hurtigere udbud"));
    server.wait(server.generation() - 1, true);
    drop(server);
    assert!(
        tree(&site.path("output")) == published,
        "serve --drafts changed output/"
    );
    assert!(!site.path("output/planer/2027").exists());
    // A clean build of the edited content differs only by the edit: output/
    // still holds only what `build` publishes.
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.path("output/planer/2027/frs/index.html").exists());
    assert!(!site.path("output/planer/2026/frs/index.html").exists());
}

/// Seconds of CPU time (user and system) the process has used so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("proc stat");
    // The fields after the command name (which is in parentheses).
    let rest = &stat[stat.rfind(')').expect("comm") + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 =
        fields[11].parse::<f64>().expect("utime") + fields[12].parse::<f64>().expect("stime");
    // Linux counts in clock ticks of 1/100 s (USER_HZ).
    ticks / 100.0
}

/// Lets this test process open many sockets (the soft limit may be 1024).
fn raise_open_files() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut limit = getrlimit(Resource::Nofile);
    limit.current = limit.maximum.map(|m| m.min(65536)).or(Some(65536));
    let _ = setrlimit(Resource::Nofile, limit);
}

#[test]
fn a_wrong_host_is_refused_with_421() {
    let site = TestSite::new("default");
    let server = Server::start(&site, &["--no-pdf"]);
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(server.get_as("/", &host).status, 200, "{host}");
    }
    // DNS rebinding: a hostile page's own name, pointed at 127.0.0.1.
    for host in [
        format!("angriber.example:{port}"),
        format!("localhost.angriber.example:{port}"),
        "localhost".to_string(),
        format!("localhost:{}", port.wrapping_add(1)),
        String::new(),
    ] {
        let r = server.get_as("/planer/2025/fmi/", &host);
        assert_eq!(r.status, 421, "{host}");
        assert_eq!(
            r.text(),
            format!(
                "Forkert værtsnavn ('{host}'). Åbn siden på http://localhost:{port}/ eller http://127.0.0.1:{port}/.\n"
            )
        );
        assert!(!r.text().contains("Kortere"));
    }
    let events = server.get_as("/__mrplan/events", "angriber.example");
    assert_eq!(events.status, 421);
}

#[test]
fn a_thousand_idle_connections_neither_block_a_request_nor_spin_a_core() {
    raise_open_files();
    let site = TestSite::new("default");
    let server = Server::start(&site, &["--no-pdf"]);
    let pid = server.child.id();
    let before = cpu_seconds(pid);
    // Open connections that never send a byte (a slow-loris attack).
    let idle: Vec<TcpStream> = (0..1000)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    let started = Instant::now();
    let page = server.get("/");
    let answered = started.elapsed();
    assert_eq!(page.status, 200);
    assert!(
        answered < Duration::from_secs(2),
        "a request behind 1000 idle connections took {answered:?}"
    );
    // The server holds at most its cap of them; the rest it has closed.
    let open = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .expect("fds")
        .count();
    assert!(open < 256 + 64, "{open} files open in the server");
    std::thread::sleep(Duration::from_secs(3));
    let used = cpu_seconds(pid) - before;
    eprintln!("1000 forbindelser: svar på {answered:?}, {open} åbne filer, {used:.2} s CPU i alt");
    assert!(
        used < 1.0,
        "the server used {used:.2} s of CPU in 3 s with idle connections"
    );
    drop(idle);
}

#[test]
fn out_of_file_descriptors_the_server_backs_off_and_recovers() {
    raise_open_files();
    let site = TestSite::new("default");
    // Few file descriptors: the idle connections below exhaust them, so
    // accept fails with EMFILE again and again.
    let server = Server::start_limited(&site, &["--no-pdf"], Some(64));
    let pid = server.child.id();
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let before = cpu_seconds(pid);
    std::thread::sleep(Duration::from_secs(3));
    let used = cpu_seconds(pid) - before;
    eprintln!("uden fildeskriptorer: {used:.2} s CPU på 3 s");
    assert!(
        used < 0.5,
        "the accept loop spun: {used:.2} s of CPU in 3 s"
    );
    // The idle clients go away; the server accepts again.
    drop(idle);
    let started = Instant::now();
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_slow_request_head_is_cut_off_and_event_streams_are_capped() {
    let site = TestSite::new("default");
    let server = Server::start(&site, &["--no-pdf"]);
    // Half a request head, then nothing (a slow-loris client).
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    write!(
        slow,
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\n",
        server.port
    )
    .expect("send");
    slow.set_read_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    let started = Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(4) && waited < Duration::from_secs(10),
        "closed after {waited:?}"
    );
    // 64 open tabs listen for reloads; the 65th is told there are too many.
    let streams: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
            write!(
                s,
                "GET /__mrplan/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
                server.port
            )
            .expect("send");
            let mut first = [0u8; 12];
            s.read_exact(&mut first).expect("head");
            assert_eq!(&first, b"HTTP/1.1 200");
            s
        })
        .collect();
    let refused = server.get("/__mrplan/events");
    assert_eq!(refused.status, 503);
    assert_eq!(
        refused.text(),
        "For mange åbne faner med live reload; luk nogle og genindlæs.\n"
    );
    // A closed tab gives its place back.
    drop(streams);
    let start = Instant::now();
    loop {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        write!(
            s,
            "GET /__mrplan/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            server.port
        )
        .expect("send");
        let mut first = [0u8; 12];
        s.read_exact(&mut first).expect("head");
        if &first == b"HTTP/1.1 200" {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the closed streams were never noticed"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Overrides the built-in `template` in the site's templates/, with `from`
/// replaced by `to`, and waits for the rebuild.
fn override_template(site: &TestSite, server: &Server, template: &str, from: &str, to: &str) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/standard/templates");
    let text = std::fs::read_to_string(theme.join(template)).expect("built-in template");
    let g = server.generation();
    site.write(&format!("templates/{template}"), &text.replace(from, to));
    server.wait(g, true);
}
