//! Front matter through each YAML reader: where the quick readers (the line
//! reader and the one on the parser's events) read a block, they must give
//! serde-saphyr's tree with every span the same, and no tree where it finds
//! an error (`mrplan::yaml::compare_readers`). The input is a file (its
//! front matter is used) or a bare YAML block.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mrplan::yaml;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let block = yaml::split(text).map_or(text, |split| split.yaml);
    if let Err(difference) = yaml::compare_readers(block) {
        panic!("the readers differ on {block:?}:\n{difference}");
    }
});
