//! The form editor's server side (`/rediger/`), through real HTTP against
//! `mrplan serve`: who may change files, what a save writes, and that no
//! update is ever lost. The browser side is in `editor_browser.rs`.

use serde_json::{Value, json};

use crate::TestSite;
use crate::serve::{Response, Server};

const STI: &str = "planer/2026/fmi.md";
const FILE: &str = "content/planer/2026/fmi.md";

struct Editor {
    server: Server,
    token: String,
    host: String,
}

impl Editor {
    fn start(site: &TestSite) -> Editor {
        let server = Server::start(site, &["--no-pdf"]);
        let page = server.get("/rediger/").text();
        let token = page
            .split("name=\"mrplan-token\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("token in the editor page")
            .to_string();
        let host = format!("localhost:{}", server.port);
        Editor {
            server,
            token,
            host,
        }
    }

    fn post(&self, api: &str, body: &Value) -> Response {
        let origin = format!("http://{}", self.host);
        self.post_with(
            api,
            &[
                ("Origin", &origin),
                ("X-Mrplan-Token", &self.token),
                ("Content-Type", "application/json"),
            ],
            body.to_string().as_bytes(),
        )
    }

    fn post_with(&self, api: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
        self.server.send(
            "POST",
            &format!("/__mrplan/rediger/api/{api}"),
            &self.host,
            headers,
            body,
        )
    }

    fn open(&self, sti: &str) -> Value {
        let r = self
            .server
            .get(&format!("/__mrplan/rediger/api/fil?sti={sti}"));
        assert_eq!(r.status, 200, "{}", r.text());
        serde_json::from_slice(&r.body).expect("json")
    }
}

fn json_of(r: &Response) -> Value {
    serde_json::from_slice(&r.body).unwrap_or_else(|_| panic!("not json: {}", r.text()))
}

/// The change the form sends: the file as opened, with `f` applied.
fn change(opened: &Value, f: impl FnOnce(&mut Value)) -> Value {
    let mut front = opened["front"].clone();
    f(&mut front);
    json!({
        "sti": opened["sti"],
        "hash": opened["hash"],
        "front": front,
        "origins": {},
        "body": opened["body"],
    })
}

#[test]
fn checks_show_the_checkers_own_messages_at_their_fields() {
    let site = TestSite::new("default");
    // A draft may be saved with errors (an approved plan may not).
    site.edit(FILE, "status: godkendt", "status: udkast");
    let editor = Editor::start(&site);
    let opened = editor.open(STI);
    let wrong = change(&opened, |f| {
        f["mål"][0]["vægt"] = json!("abc");
        f["mål"][1]["frist"] = json!("2027-03-01");
    });
    let r = editor.post("tjek", &wrong);
    assert_eq!(r.status, 200, "{}", r.text());
    let found = json_of(&r);
    let at: Vec<(&str, &str, &str)> = found["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or(""),
                d["pointer"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        at,
        [
            (
                "MRP006",
                "/mål/0/vægt",
                "'vægt' skal være et helt tal, ikke 'abc'."
            ),
            (
                "MRP103",
                "/mål/1/frist",
                "Mål 2 har frist 1. marts 2027, men planen gælder 2026."
            ),
        ]
    );
    assert_eq!(found["fejl"], 2);
    // A finding in the Markdown body is placed at the body.
    let mut in_body = change(&opened, |_| {});
    in_body["body"] = json!(format!(
        "{}\n![](kort.png)\n",
        opened["body"].as_str().unwrap_or("")
    ));
    let found = json_of(&editor.post("tjek", &in_body));
    let body: Vec<(&str, &str)> = found["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            (
                d["pointer"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        body,
        [("#brødtekst", "Billedet har ingen alternativ tekst.")]
    );
    // The same two findings as `mrplan check` gives for the saved file.
    let r = editor.post("gem", &wrong);
    assert_eq!(r.status, 200, "{}", r.text());
    let check = site.run(&["check"]);
    let said = format!("{}{}", check.stdout, check.stderr);
    assert_eq!(check.code, 1, "{said}");
    assert!(
        said.contains("'vægt' skal være et helt tal, ikke 'abc'."),
        "{said}"
    );
    assert!(said.contains("Mål 2 har frist 1. marts 2027, men planen gælder 2026."));
}

#[test]
fn saving_changes_only_the_edited_lines_and_unchanged_saves_nothing() {
    let site = TestSite::new("default");
    let before = site.read(FILE);
    let editor = Editor::start(&site);
    let opened = editor.open(STI);
    // Unchanged: nothing to save, the file stays byte for byte.
    let r = editor.post("gem", &change(&opened, |_| {}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(json_of(&r)["ændret"], false);
    assert_eq!(site.read(FILE), before);
    // One value: one line, in the diff and in the file.
    let edited = change(&opened, |f| {
        f["mål"][2]["ansvarlig"] = json!("Logistikafdelingen")
    });
    let diff = json_of(&editor.post("forskel", &edited));
    assert_eq!(diff["ændret"], true);
    let lines: Vec<&str> = diff["diff"]
        .as_str()
        .expect("diff")
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(
        lines,
        [
            "-    ansvarlig: Logistikdivisionen",
            "+    ansvarlig: Logistikafdelingen"
        ]
    );
    let r = editor.post("gem", &edited);
    assert_eq!(r.status, 200, "{}", r.text());
    let after = site.read(FILE);
    assert_eq!(
        after,
        before.replacen(
            "    ansvarlig: Logistikdivisionen\n",
            "    ansvarlig: Logistikafdelingen\n",
            1
        )
    );
    // The new version is the base of the next save.
    assert_eq!(json_of(&r)["hash"], editor.open(STI)["hash"]);
    // An approved plan is not saved with an error: the public build would stop.
    let opened = editor.open(STI);
    let r = editor.post("gem", &change(&opened, |f| f["mål"][2]["vægt"] = json!(12)));
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(
        json_of(&r)["fejl"],
        "Planen er godkendt og kan ikke gemmes med 1 fejl: den ville stoppe byggeriet af den offentlige side. Ret fejlene først."
    );
}

#[test]
fn a_file_changed_on_disk_since_opening_is_never_overwritten() {
    let site = TestSite::new("default");
    let editor = Editor::start(&site);
    let opened = editor.open(STI);
    site.edit(
        FILE,
        "Kortere gennemløbstid for udbud",
        "Kortere gennemløbstid for alle udbud",
    );
    let on_disk = site.read(FILE);
    let r = editor.post(
        "gem",
        &change(&opened, |f| f["mål"][0]["titel"] = json!("Ny titel")),
    );
    assert_eq!(r.status, 409, "{}", r.text());
    assert_eq!(
        json_of(&r)["fejl"],
        "content/planer/2026/fmi.md er ændret på disken, siden du åbnede den (i en anden editor eller af git). Dine ændringer er ikke gemt. Genindlæs filen for at se den nye udgave, og lav dine ændringer igen."
    );
    assert_eq!(site.read(FILE), on_disk);
    // Asking what a save would change says so before anything is shown.
    let r = editor.post("forskel", &change(&opened, |_| {}));
    assert_eq!(r.status, 409, "{}", r.text());
    // A check meanwhile says so too.
    let r = editor.post("tjek", &change(&opened, |_| {}));
    assert_eq!(json_of(&r)["konflikt"], true);
}

#[test]
fn approving_is_refused_while_errors_remain() {
    let site = TestSite::new("default");
    site.edit(FILE, "status: godkendt", "status: udkast");
    let editor = Editor::start(&site);
    let opened = editor.open(STI);
    let before = site.read(FILE);
    let r = editor.post(
        "gem",
        &change(&opened, |f| {
            f["status"] = json!("godkendt");
            f["mål"][0]["vægt"] = json!(90);
        }),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        json_of(&r)["fejl"]
            .as_str()
            .unwrap_or("")
            .starts_with("Planen kan ikke godkendes, mens der er 1 fejl."),
        "{}",
        r.text()
    );
    assert_eq!(site.read(FILE), before);
    // Without the error it is approved.
    let r = editor.post("gem", &change(&opened, |f| f["status"] = json!("godkendt")));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(site.read(FILE).contains("\nstatus: godkendt\n"));
}

#[test]
fn only_the_editors_own_page_may_change_files() {
    let site = TestSite::new("default");
    let editor = Editor::start(&site);
    let before = site.read(FILE);
    let opened = editor.open(STI);
    let body = change(&opened, |f| f["mål"][0]["titel"] = json!("Angreb")).to_string();
    let origin = format!("http://{}", editor.host);
    let token = editor.token.clone();
    type Headers<'a> = Vec<(&'a str, &'a str)>;
    let cases: [(&str, Headers, &str, u16); 5] = [
        (
            "no Origin",
            vec![("X-Mrplan-Token", &token)],
            &editor.host,
            403,
        ),
        (
            "another site's Origin",
            vec![
                ("Origin", "http://evil.example"),
                ("X-Mrplan-Token", &token),
            ],
            &editor.host,
            403,
        ),
        ("no token", vec![("Origin", &origin)], &editor.host, 403),
        (
            "a wrong token",
            vec![
                ("Origin", &origin),
                ("X-Mrplan-Token", "00000000000000000000000000000000"),
            ],
            &editor.host,
            403,
        ),
        (
            "DNS rebinding (another Host)",
            vec![
                ("Origin", "http://evil.example"),
                ("X-Mrplan-Token", &token),
            ],
            "evil.example",
            421,
        ),
    ];
    for (what, headers, host, status) in cases {
        let r = editor.server.send(
            "POST",
            "/__mrplan/rediger/api/gem",
            host,
            &headers,
            body.as_bytes(),
        );
        assert_eq!(r.status, status, "{what}: {}", r.text());
    }
    assert_eq!(site.read(FILE), before);
    // A body past the cap is refused before it is read.
    let huge = vec![b' '; 4 * 256 * 1024 + 1];
    let r = editor.post_with(
        "tjek",
        &[("Origin", &origin), ("X-Mrplan-Token", &editor.token)],
        &huge,
    );
    assert_eq!(r.status, 413, "{}", r.text());
    // A huge declared length is refused at once, before any body arrives.
    let started = std::time::Instant::now();
    let r = editor.server.send(
        "POST",
        "/__mrplan/rediger/api/tjek",
        &editor.host,
        &[
            ("Origin", &origin),
            ("X-Mrplan-Token", &editor.token),
            ("Content-Length", "999999999"),
        ],
        b"",
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn no_path_reaches_outside_content() {
    let site = TestSite::new("default");
    let outside = site.dir.path().join("hemmelig.md");
    std::fs::write(&outside, "---\nnavn: hemmelig\n---\n").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, site.path("content/styrelser/link.md")).expect("symlink");
    let editor = Editor::start(&site);
    for (sti, status) in [
        ("../hemmelig.md", 400),
        ("planer/2026/..%2F..%2F..%2Fhemmelig.md", 400),
        ("%2Fetc%2Fpasswd", 400),
        ("styrelser/link.md", 403),
        ("styrelser/findes-ikke.md", 404),
    ] {
        let r = editor
            .server
            .get(&format!("/__mrplan/rediger/api/fil?sti={sti}"));
        assert_eq!(r.status, status, "{sti}: {}", r.text());
        let body =
            json!({"sti": percent_decoded(sti), "hash": "", "front": {"navn": "x"}, "body": ""});
        let r = editor.post("gem", &body);
        assert_eq!(r.status, status, "{sti}: {}", r.text());
    }
    assert_eq!(
        std::fs::read_to_string(&outside).expect("read"),
        "---\nnavn: hemmelig\n---\n"
    );
}

fn percent_decoded(s: &str) -> String {
    s.replace("%2F", "/")
}

#[test]
fn new_plans_and_agencies_come_from_the_same_logic_as_mrplan_new() {
    let site = TestSite::new("default");
    let editor = Editor::start(&site);
    let r = editor.post("ny-plan", &json!({"styrelse": "fmi", "år": 2027}));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(json_of(&r)["sti"], "planer/2027/fmi.md");
    let made = site.read("content/planer/2027/fmi.md");
    assert!(
        made.contains("år: 2027\n") && made.contains("status: udkast\n"),
        "{made}"
    );
    let r = editor.post("ny-plan", &json!({"styrelse": "fmi", "år": 2027}));
    assert_eq!(r.status, 422, "{}", r.text());
    let r = editor.post(
        "ny-styrelse",
        &json!({"slug": "sst", "navn": "Styrelsen for Test", "forkortelse": "", "url": ""}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        site.read("content/styrelser/sst.md")
            .lines()
            .take(4)
            .collect::<Vec<_>>(),
        [
            "---",
            "navn: \"Styrelsen for Test\"",
            "forkortelse: \"SST\"",
            "---"
        ]
    );
    let r = editor.post("ny-styrelse", &json!({"slug": "../x", "navn": "X"}));
    assert_eq!(r.status, 422, "{}", r.text());
}

#[test]
fn plan_pages_link_to_the_editor_while_serving() {
    let site = TestSite::new("default");
    let editor = Editor::start(&site);
    let page = editor.server.get("/planer/2026/fmi/").text();
    assert!(
        page.contains("<a href=\"/rediger/fil/planer/2026/fmi.md\" id=\"mrplan-rediger\""),
        "{page}"
    );
    let page = editor.server.get("/styrelser/fmi/").text();
    assert!(page.contains("<a href=\"/rediger/fil/styrelser/fmi.md\""));
    // The editor itself may not be framed by another page (clickjacking).
    let shell = editor.server.get("/rediger/fil/planer/2026/fmi.md");
    assert_eq!(
        shell.headers.get("x-frame-options").map(String::as_str),
        Some("DENY")
    );
    assert!(
        shell.headers["content-security-policy"].contains("frame-ancestors 'none'"),
        "{:?}",
        shell.headers
    );
    let overview = json_of(&editor.server.get("/__mrplan/rediger/api/oversigt"));
    assert_eq!(overview["næste_år"], 2027);
    assert!(
        overview["planer"]
            .as_array()
            .expect("plans")
            .iter()
            .any(|p| p["sti"] == STI)
    );
}

#[test]
fn the_pdf_preview_typesets_the_form_unsaved_drafts_too() {
    let site = TestSite::new("default");
    let editor = Editor::start(&site);
    let before = site.read(FILE);
    let opened = editor.open(STI);
    let r = editor.post(
        "pdf",
        &change(&opened, |f| {
            f["status"] = json!("udkast");
            f["mål"][0]["titel"] = json!("Forhåndsvist titel");
        }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.headers.get("content-type").map(String::as_str),
        Some("application/pdf")
    );
    std::fs::write(site.path("forhåndsvisning.pdf"), &r.body).expect("write");
    let text = crate::pdf::text(&site, "forhåndsvisning.pdf");
    assert!(text.contains("Mål1.Forhåndsvisttitel"), "{text}");
    assert!(text.contains("UDKAST.Planenerikkegodkendt"), "{text}");
    // Nothing was saved.
    assert_eq!(site.read(FILE), before);
    // A form that cannot be typeset says why, in Danish.
    let r = editor.post(
        "pdf",
        &change(&opened, |f| f["mål"][0]["vægt"] = json!("abc")),
    );
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(
        json_of(&r)["fejl"]
            .as_str()
            .unwrap_or("")
            .contains("'vægt' skal være et helt tal, ikke 'abc'."),
        "{}",
        r.text()
    );
}

/// `tværgående` is a yes/no choice in the form, and the form saves it as
/// the boolean the checker reads.
#[test]
fn a_cross_cutting_goal_is_chosen_as_ja_or_nej_and_saved_as_true() {
    let site = TestSite::new("default");
    let editor = Editor::start(&site);
    let opened = editor.open(STI);
    let goal = opened["skema"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["key"] == "mål")
        .expect("mål in the form");
    let field = goal["table"]["fields"]
        .as_array()
        .expect("goal fields")
        .iter()
        .find(|f| f["key"] == "tværgående")
        .expect("tværgående in the form");
    assert_eq!(field["type"], "bool");
    assert_eq!(
        field["values"],
        json!([{"key": "true", "da": "Ja"}, {"key": "false", "da": "Nej"}])
    );
    let edited = change(&opened, |f| f["mål"][0]["tværgående"] = json!(true));
    let r = editor.post("gem", &edited);
    assert_eq!(r.status, 200, "{}", r.text());
    let after = site.read(FILE);
    assert_eq!(
        after.matches("    tværgående: true\n").count(),
        1,
        "{after}"
    );
    // One plan of 2026 marks it and the others lack it: MRP212 for each.
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(
        check.stdout.matches("advarsel[MRP212]").count(),
        6,
        "{}",
        check.stdout
    );
}
