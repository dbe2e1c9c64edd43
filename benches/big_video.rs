//! Planning the cleaning of a 2 GB QuickTime video whose `moov` sits at the
//! end (`scripts/bench-big-video.sh` makes `build/bench/big.mov`): only the
//! box headers and the `moov` are loaded; the goal is under 5 ms.

use std::hint::black_box;
use std::os::unix::fs::FileExt;

use criterion::{criterion_group, criterion_main, Criterion};
use silbato::{Options, Sparse, Step};

fn bench(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/build/bench/big.mov");
    let Ok(file) = std::fs::File::open(path) else {
        eprintln!("big_video: {path} is missing; run scripts/bench-big-video.sh");
        return;
    };
    let len = file.metadata().unwrap().len();
    let opts = Options::default();
    // Load what the core asks for, once, counting the reads.
    let mut sparse = Sparse::new(len);
    let mut reads = 0;
    loop {
        match silbato::plan_clean_source(&sparse, &opts).unwrap() {
            Step::Done(_) => break,
            Step::Need { start, len } => {
                let mut buf = vec![0; len as usize];
                file.read_exact_at(&mut buf, start).unwrap();
                sparse.insert(start, buf);
                reads += 1;
            }
        }
    }
    eprintln!("big_video: {len} bytes; {reads} reads loaded {} bytes", sparse.loaded());
    c.bench_function("plan_clean 2 GB MOV (moov at the end, ranges loaded)", |b| {
        b.iter(|| black_box(silbato::plan_clean_source(&sparse, &opts).unwrap()))
    });
    // The whole protocol from nothing, reads included (page cache warm).
    c.bench_function("plan_clean 2 GB MOV from an empty source (reads included)", |b| {
        b.iter(|| {
            let mut s = Sparse::new(len);
            loop {
                match silbato::plan_clean_source(&s, &opts).unwrap() {
                    Step::Done(p) => break black_box(p),
                    Step::Need { start, len } => {
                        let mut buf = vec![0; len as usize];
                        file.read_exact_at(&mut buf, start).unwrap();
                        s.insert(start, buf);
                    }
                }
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
