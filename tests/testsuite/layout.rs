//! The crate's modules form the layers the README draws ("Udvikling"):
//! every module is in the drawing, and none uses a module in a higher
//! layer, so the module graph has no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The README's drawing: each module and its layer, from 0 at the bottom.
fn drawn_layers(readme: &str) -> BTreeMap<String, usize> {
    let section = &readme[readme.find("## Udvikling").expect("Udvikling")..];
    let start = section.find("```text\n").expect("drawing") + "```text\n".len();
    let drawing = &section[start..start + section[start..].find("```").expect("end")];
    let in_brackets = regex_free_strip(drawing);
    let mut layers: Vec<Vec<String>> = Vec::new();
    for line in in_brackets.lines() {
        let mut words = line.split_whitespace();
        if !line.starts_with(' ') {
            words.next(); // the layer's name
            layers.push(Vec::new());
        }
        let layer = layers.last_mut().expect("a layer first");
        for w in words {
            let name = w.trim_end_matches(".rs").trim_end_matches('/');
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "'{w}' in the drawing is not a module name"
            );
            layer.push(name.to_string());
        }
    }
    let n = layers.len();
    let mut at = BTreeMap::new();
    for (i, layer) in layers.into_iter().enumerate() {
        for m in layer {
            assert!(at.insert(m.clone(), n - 1 - i).is_none(), "{m} drawn twice");
        }
    }
    at
}

/// The drawing without its remarks in brackets.
fn regex_free_strip(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Each top-level module and the modules its code (not its tests) uses.
fn uses(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(src).expect("prefix");
        if entry.path().extension().is_none_or(|e| e != "rs") || rel == Path::new("lib.rs") {
            continue;
        }
        let first = rel.components().next().expect("name");
        let module = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let code = without_tests(&text);
        let prefix = if module == "main" {
            "mrplan::"
        } else {
            "crate::"
        };
        let used = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices(prefix) {
                let rest = &line[i + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name != module {
                    used.insert(name);
                }
            }
        }
    }
    graph
}

/// The code without its `#[cfg(test)]` items (a test may use anything),
/// cut by counting braces from the item's first `{`.
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let mut depth = 0;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 1 => {
                    end = i + 1;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn modules_form_layers_without_cycles() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(repo.join("README.md")).expect("README");
    let layers = drawn_layers(&readme);
    let graph = uses(&repo.join("src"));
    let modules: BTreeSet<&String> = graph.keys().collect();
    let drawn: BTreeSet<&String> = layers.keys().collect();
    assert_eq!(
        modules, drawn,
        "the README's drawing and src/ must name the same modules"
    );
    let mut upward = Vec::new();
    for (module, used) in &graph {
        for dep in used.iter().filter(|d| layers.contains_key(*d)) {
            if layers[dep] > layers[module] {
                upward.push(format!("{module} uses {dep}, a higher layer"));
            }
        }
    }
    assert!(upward.is_empty(), "{}", upward.join("\n"));
    // Within a layer modules may use each other, but never in a circle.
    let mut done: BTreeSet<&str> = BTreeSet::new();
    let mut order: Vec<&str> = Vec::new();
    while done.len() < graph.len() {
        let next = graph.iter().find(|(m, used)| {
            !done.contains(m.as_str())
                && used
                    .iter()
                    .all(|d| !graph.contains_key(d) || done.contains(d.as_str()))
        });
        let Some((m, _)) = next else {
            let left: Vec<&String> = graph
                .keys()
                .filter(|m| !done.contains(m.as_str()))
                .collect();
            panic!("the modules use each other in a circle among: {left:?}");
        };
        done.insert(m);
        order.push(m);
    }
    assert_eq!(order.len(), graph.len());
}
