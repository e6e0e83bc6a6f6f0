//! The form editor's rewrite of a front-matter file: for any file the form
//! can open, saving it unchanged gives the same bytes, and changing a value
//! either gives a file that reads back as exactly the form's values (the
//! rewrite checks that itself) or a refusal; never a panic. Pointers for
//! diagnostics at any offset never panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrplan::edit::{self, Origins};
use serde_json::Value;

/// The first scalar in the tree, changed; and every list's items reversed.
fn mutate(value: &mut Value, origins: &mut Origins, ptr: String, changed: &mut bool) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                mutate(v, origins, format!("{ptr}/{}", edit::escape_pointer(k)), changed);
            }
        }
        Value::Array(list) => {
            list.reverse();
            let n = list.len();
            origins.insert(ptr.clone(), (0..n).rev().map(Some).collect());
            for (i, v) in list.iter_mut().enumerate() {
                mutate(v, origins, format!("{ptr}/{i}"), changed);
            }
        }
        Value::String(s) if !*changed => {
            s.push_str(": ny # tekst");
            *changed = true;
        }
        Value::Number(_) if !*changed => {
            *value = Value::from(7);
            *changed = true;
        }
        _ => {}
    }
}

fuzz_target!(init: mrplan_fuzz::init(), |data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(opened) = edit::open(text) else {
        return;
    };
    let table = &mrplan::fields::PLAN;
    let same = edit::rewrite(text, &opened.front, &opened.body, &Origins::new(), table);
    assert_eq!(same.as_deref(), Ok(text), "an unchanged save changed the file");
    let mut front = opened.front.clone();
    let mut origins = Origins::new();
    mutate(&mut front, &mut origins, String::new(), &mut false);
    if let Ok(out) = edit::rewrite(text, &front, "ny\n", &origins, table) {
        let again = edit::open(&out).expect("a rewrite reads back");
        assert_eq!(again.body, "ny\n");
    }
    if let Some(root) = edit::front_matter(text) {
        for at in (0..=text.len()).step_by(7) {
            let _ = edit::pointer_at(text, &root, at);
        }
    }
});
