//! Inputs that once broke something (most found by `make fuzz`), replayed
//! on every run: each must give a result or a typed error, never a panic,
//! and anything cleaned must read back clean.

use silbato::{Depth, Options};

#[test]
fn regressions_replay_without_panic() {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions"));
    let opts = Options::default();
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            replay_text(&std::fs::read(&path).unwrap());
            n += 1;
            continue;
        }
        if path.extension().is_none_or(|e| e != "bin") {
            continue;
        }
        let data = std::fs::read(&path).unwrap();
        // Inputs the `faces` target found: covering must not crash either.
        let region = silbato::faces::Region { x: 3, y: 5, width: 40, height: 30 };
        if let Ok(done) = silbato::faces::redact(&data, &[region], silbato::faces::Cover::Fill) {
            assert!(silbato::inspect(&done.output, &opts).unwrap().findings.is_empty(), "{}", path.display());
        }
        let _ = silbato::faces::Search::new(&data);
        // Inputs the `onnx` target found: reading and running a model.
        if let Ok(graph) = silbato::faces::onnx::Graph::from_onnx(&data) {
            let _ = graph.run(silbato::faces::onnx::Tensor::new(vec![1, 8, 8, 3], vec![0.5; 192]).unwrap());
        }
        let _ = silbato::inspect_with(&data, &opts, Depth::Headers);
        let _ = silbato::inspect(&data, &opts);
        if let Ok(c) = silbato::clean(&data, &opts) {
            let again = silbato::inspect(&c.output, &opts).unwrap();
            assert!(again.findings.is_empty(), "{}: {:?}", path.display(), again.findings);
        }
        n += 1;
    }
    println!("{n} regression inputs replayed");
}

/// Text inputs (the `text` fuzz target's shape: a never-publish list on the first line).
fn replay_text(data: &[u8]) {
    use silbato::text::{scan, Term, TextOptions};
    let text = String::from_utf8_lossy(data);
    let (list, body) = text.split_once('\n').unwrap_or(("", &text));
    let never: Vec<String> = list.split('|').map(str::to_string).collect();
    let options = TextOptions { never_publish: Term::list(&never), ..Default::default() };
    for f in scan(body, &options) {
        assert!(body.is_char_boundary(f.start) && body.is_char_boundary(f.end));
    }
}
