//! The form editor of `mrplan serve` (/rediger/) in headless Chromium:
//! a11y/editor.mjs edits a plan as a user would, and here its report is
//! held against the real checker's messages and the file on disk.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::TestSite;
use crate::serve::Server;

const PLAN: &str = "content/planer/2026/fmi.md";
/// The goal whose weight the scenario breaks and then lowers from 10 to 5,
/// so the weights still sum to 100 with the new goal's 5 (MRP105).
const WEIGHT_GOAL: &str = "  - nr: 3\n";
/// Where the last goal ends: the plan's own `opfølgning` follows the list.
const AFTER_GOALS: &str = "\nopfølgning:\n";
/// The goal's keys in the field table's order.
const GOAL_KEYS: [&str; 11] = [
    "nr",
    "titel",
    "kerneopgave",
    "understøtter",
    "beskrivelse",
    "målepunkt",
    "succeskriterium",
    "frist",
    "datakilde",
    "vægt",
    "ansvarlig",
];
/// How long a message may take to reach its field (the aim is 100 ms; a
/// loaded test machine with a debug build gets slack).
const MAX_MESSAGE_MS: f64 = 1500.0;

/// Runs a scenario of a11y/editor.mjs against the server; its JSON report.
fn scenario(site: &TestSite, server: &Server, name: &str) -> Value {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("node")
        .arg(repo.join("a11y/editor.mjs"))
        .arg(format!("http://127.0.0.1:{}/", server.port))
        .arg(name)
        .arg(site.path(PLAN))
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_str(stdout.trim()).expect("json from editor.mjs");
    assert!(
        result.get("error").is_none(),
        "the browser scenario {name} failed: {}\n{result:#}",
        result["error"].as_str().unwrap_or_default()
    );
    assert_eq!(result["page_errors"], json!([]), "{result:#}");
    assert_eq!(result["loads"], 1, "the editor page reloaded itself");
    result
}

/// The new goal as the scenario typed it, with `frist`, as YAML lines of the
/// plan's goal list.
fn goal_block(goal: &Value, nr: &str, deadline: &str) -> String {
    let mut block = format!("  - nr: {nr}\n");
    for key in GOAL_KEYS.iter().skip(1) {
        let value = match *key {
            "frist" => deadline,
            _ => goal[key]
                .as_str()
                .unwrap_or_else(|| panic!("{key} in {goal}")),
        };
        let value = if *key == "understøtter" {
            format!("[{value}]")
        } else {
            value.to_string()
        };
        block.push_str(&format!("    {key}: {value}\n"));
    }
    block
}

/// The plan text with goal 3's weight set to `weight`.
fn with_weight(text: &str, weight: &str) -> String {
    let goal = text.find(WEIGHT_GOAL).expect("goal 3");
    let line = "    vægt: 10\n";
    let at = goal + text[goal..].find(line).expect("goal 3's weight");
    format!(
        "{}    vægt: {weight}\n{}",
        &text[..at],
        &text[at + line.len()..]
    )
}

/// The messages `mrplan check` gives for the scenario's two mistakes, made
/// by hand in a copy of the plan: the weight 'abc' (MRP006) and the new
/// goal's deadline in 2027 (MRP103).
fn checker_messages(goal: &Value, nr: &str) -> (String, String) {
    let site = TestSite::new("default");
    let text = with_weight(&site.read(PLAN), "abc");
    let at = text.find(AFTER_GOALS).expect("end of the goals") + 1;
    let broken = format!(
        "{}{}{}",
        &text[..at],
        goal_block(goal, nr, "2027-03-01"),
        &text[at..]
    );
    site.write(PLAN, &broken);
    let run = site.run(&["check", "--format", "json"]);
    let found: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("check json line"))
        .filter(|d: &Value| d["file"] == PLAN)
        .collect();
    let message = |rule: &str| {
        let matching: Vec<&Value> = found.iter().filter(|d| d["rule"] == rule).collect();
        assert_eq!(matching.len(), 1, "one {rule} expected:\n{}", run.stdout);
        matching[0]["message"]
            .as_str()
            .expect("message")
            .to_string()
    };
    (message("MRP006"), message("MRP103"))
}

#[test]
fn the_form_shows_the_checkers_messages_at_their_fields_and_saves_the_smallest_change() {
    if !crate::browser_ready() {
        return;
    }
    let site = TestSite::new("default");
    let original = site.read(PLAN);
    let server = Server::start(&site, &["--no-pdf"]);
    let result = scenario(&site, &server, "rediger");
    assert_eq!(result["console_errors"], json!([]), "{result:#}");

    // WCAG 2.1 AA: the form, the form with error messages, the save dialog.
    for audit in ["axe_form", "axe_errors", "axe_dialog"] {
        assert_eq!(result[audit], json!([]), "{audit}: {:#}", result[audit]);
    }
    assert_eq!(result["overflow_320"], 0, "sideways scrolling at 320 px");

    // "Tilføj mål" from the keyboard puts focus in the new goal.
    assert_eq!(result["new_goal_pointer"], "/mål/7");
    assert_eq!(result["focus_after_add"], "/mål/7/nr");
    let nr = result["new_goal_nr"].as_str().expect("nr").to_string();
    assert_eq!(nr, "8");

    // Each mistake's message is the checker's own, at its field (found
    // through the input's aria-describedby), marked as an error in words,
    // the input aria-invalid, and it arrives quickly.
    let (weight_message, deadline_message) = checker_messages(&result["new_goal"], &nr);
    for (key, expected) in [("weight", &weight_message), ("deadline", &deadline_message)] {
        let seen = &result[key];
        assert_eq!(seen["text"], json!(expected), "{key}: {seen:#}");
        assert_eq!(seen["kind"], "Fejl:", "{key}: {seen:#}");
        assert_eq!(seen["aria_invalid"], "true", "{key}: {seen:#}");
        let ms = seen["ms"].as_f64().expect("ms");
        assert!(ms < MAX_MESSAGE_MS, "{key}: the message took {ms} ms");
        eprintln!("{key}: besked ved feltet efter {ms:.0} ms");
    }
    // Typing never moved focus: the form is not re-rendered by a check.
    assert_eq!(result["focus_kept"], "/mål/2/vægt");
    assert_eq!(result["weight_value"], "abc");
    assert_eq!(result["counts_mistakes"]["fejl"], 2, "{result:#}");
    assert_eq!(
        result["summary_links"],
        json!([
            format!("Fejl: {weight_message}"),
            format!("Fejl: {deadline_message}")
        ])
    );
    // Fixed: no errors, and the marks are gone.
    assert_eq!(result["counts_fixed"]["fejl"], 0, "{result:#}");
    assert_eq!(result["aria_invalid_after_fix"], Value::Null);

    // Saved after the diff was shown; a second save finds nothing to do.
    assert_eq!(result["saved"], true);
    assert_eq!(result["saved_message"], "Gemt.");
    assert_eq!(result["second_save_message"], "Ingen ændringer at gemme.");
    let shown = result["diff"].as_str().expect("diff");
    assert!(
        shown.contains("-    vægt: 10\n") && shown.contains("+    vægt: 5\n"),
        "{shown}"
    );
    assert!(shown.contains(&format!("+  - nr: {nr}\n")), "{shown}");

    // On disk: goal 3's weight line and the new goal's block after the last
    // goal, and not one other byte.
    let saved = site.read(PLAN);
    let expected_around = with_weight(&original, "5");
    let at = expected_around.find(AFTER_GOALS).expect("end of the goals") + 1;
    let (before, after) = expected_around.split_at(at);
    let unified = similar::TextDiff::from_lines(&original, &saved)
        .unified_diff()
        .context_radius(1)
        .to_string();
    assert!(
        saved.starts_with(before) && saved.ends_with(after) && saved.len() > expected_around.len(),
        "the saved file changed more than goal 3's weight and a new block:\n{unified}"
    );
    let block = &saved[before.len()..saved.len() - after.len()];
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines[0], format!("  - nr: {nr}"), "{block}");
    assert!(lines[1..].iter().all(|l| l.starts_with("    ")), "{block}");
    // The block says what was typed, with its keys in the table's order.
    let parsed: Value = serde_saphyr::from_str(block).expect("the new block is YAML");
    let goal = &result["new_goal"];
    let mut expected = serde_json::Map::new();
    expected.insert("nr".into(), json!(8));
    for key in GOAL_KEYS.iter().skip(1) {
        let text = goal[key].as_str().expect("typed value");
        let value = match *key {
            "understøtter" => json!([text]),
            "vægt" => json!(text.parse::<i64>().expect("weight")),
            _ => json!(text),
        };
        expected.insert((*key).into(), value);
    }
    assert_eq!(parsed, json!([expected]), "{block}");
    let keys: Vec<&str> = lines
        .iter()
        .map(|l| {
            l.trim_start_matches(['-', ' '])
                .split(':')
                .next()
                .unwrap_or("")
        })
        .collect();
    assert_eq!(keys, GOAL_KEYS, "{block}");

    // And the saved plan passes the checker as the form said it would.
    let check = site.run(&["check", "--format", "json"]);
    assert!(
        !check
            .stdout
            .lines()
            .any(|l| l.contains(PLAN) && l.contains("\"severity\":\"error\"")),
        "{}",
        check.stdout
    );
}

#[test]
fn a_save_over_a_change_on_disk_is_refused_and_the_form_keeps_the_values() {
    if !crate::browser_ready() {
        return;
    }
    let site = TestSite::new("default");
    let original = site.read(PLAN);
    let server = Server::start(&site, &["--no-pdf"]);
    let result = scenario(&site, &server, "konflikt");
    // The refused save is the only failed request.
    for error in result["console_errors"].as_array().expect("console errors") {
        let error = error.as_str().unwrap_or_default();
        assert!(error.contains("409"), "console: {error}");
    }

    let message = result["conflict_message"]
        .as_str()
        .expect("conflict message");
    assert!(
        message.contains("content/planer/2026/fmi.md er ændret på disken"),
        "{message}"
    );
    assert_eq!(result["conflict_button"], "Genindlæs fra disken");

    // The file on disk is exactly the other writer's version.
    let external = result["disk_change"].as_str().expect("disk change");
    let expected = original.replacen("Kortere gennemløbstid for udbud", external, 1);
    assert_ne!(expected, original);
    assert_eq!(result["file_after"], json!(expected));
    let typed = result["form_title"].as_str().expect("form title");
    assert!(!site.read(PLAN).contains(typed));

    // Nothing is lost silently: the typed value stays until the user
    // reloads, and the page did not reload by itself.
    assert_eq!(result["title_after_conflict"], json!(typed));
    assert_eq!(result["mark_after"], true);
    // Reloading shows the file as it is on disk.
    assert_eq!(result["reloaded_title_1"], json!(external));
    assert_eq!(
        result["reloaded_title_0"],
        "Milepæle i de store materielprojekter nås til tiden"
    );
    assert_eq!(result["conflict_after_reload"], "");
}
