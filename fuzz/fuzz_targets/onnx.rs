//! Any bytes as BlazeFace's ONNX model: reading it must return an error or
//! a graph, and running a graph on a small image an error or outputs, never
//! a crash, a hang or unbounded memory (the interpreter's size limits).
#![no_main]

use libfuzzer_sys::fuzz_target;
use silbato::faces::onnx::{Graph, Tensor};

fuzz_target!(|data: &[u8]| {
    if let Ok(graph) = Graph::from_onnx(data) {
        let _ = graph.run(Tensor::new(vec![1, 8, 8, 3], vec![0.5; 192]).unwrap());
    }
    let _ = silbato::faces::blaze::BlazeFace::from_model(data);
});
