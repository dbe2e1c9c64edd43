//! The `silbato` command: inspect and clean files on this computer. All the
//! work is the core's; this file reads files, writes files and prints.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Parser, Subcommand};

#[path = "silbato/es.rs"]
mod es;
#[path = "silbato/video.rs"]
mod video;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use silbato::report::ErrorReport;
use silbato::text::{Kind, TextOptions};
use silbato::url::Reason;
use silbato::{Category, ErrorKind, Finding, Gazetteer, Lang, Op, Options, Report, Severity, Sparse, Step};

static GAZETTEER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));
static SAMPLE: &[u8] = include_bytes!("../../samples/sample.jpg");
const SAMPLE_NAME: &str = "sample.jpg";

const EXIT_CODES: &str = "\
Exit status:
  0  every file was read (inspect) or cleaned and verified (clean)
  1  at least one file could not be read, cleaned or written; the others were done
  2  the command line was wrong";

#[derive(Parser)]
#[command(
    name = "silbato",
    version,
    about = "See what a photo, video, document or recording would reveal before you post it, and remove it without touching a pixel, a word or a sound.",
    long_about = "Silbato finds what a file reveals about the person who made it (the exact location, \
the camera's serial number, names, authors and their comments, unique ids, dates, hidden previews) and removes it \
losslessly: pixels, text and sound stay exactly as they were. Nothing leaves this computer.\n\n\
Reads JPEG, PNG, WebP, GIF, HEIC and AVIF photos, MP4, MOV and 3GP videos, PDF, DOCX, XLSX, PPTX, ODT, ODS and ODP \
documents, and MP3, M4A, WAV, FLAC, Ogg and Opus recordings. Videos and recordings are read by range, never whole; \
PDFs are read whole up to 128 MB, office documents up to 256 MB.",
    after_help = EXIT_CODES
)]
struct Cli {
    /// Language of messages: en or es (default: from LANG)
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report what each file reveals, its name included (a date and time to the second, a person's name or a street)
    #[command(after_help = EXIT_CODES)]
    Inspect {
        /// One JSON object per file per line:
        /// {"path","format","findings":[{"category","tag","value","severity","message"}],"warnings":[…],"error":null|{"kind","message"}}
        #[arg(long)]
        json: bool,
        /// Read headers only (faster; may miss data appended after a JPEG that ends like a normal one)
        #[arg(long)]
        quick: bool,
        /// Files or folders (folders are read recursively)
        #[arg(required = true, value_name = "FILE_OR_DIR")]
        paths: Vec<PathBuf>,
    },
    /// Write cleaned copies under --out: same file names, or neutral ones with --rename
    #[command(after_help = EXIT_CODES)]
    Clean {
        /// Folder for the cleaned copies (created if missing); folders given as input keep their structure
        #[arg(long, value_name = "DIR", required_unless_present = "in_place", conflicts_with = "in_place")]
        out: Option<PathBuf>,
        /// Replace each original with its cleaned copy (there is no undo)
        #[arg(long)]
        in_place: bool,
        /// Give each cleaned copy a neutral name, directly in --out (photo.jpg, photo-2.jpg, video.mp4, document.pdf, recording.mp3…, never
        /// overwriting a file), so that no name tells when it was taken, which app made it or whom it shows;
        /// without it, names are kept
        #[arg(long, conflicts_with = "in_place")]
        rename: bool,
        /// One JSON object per file per line: {"path","output","format","removed":[…],"warnings":[…],"error":…};
        /// with --rename, "output" is the neutral name written and "removed" includes what the old name revealed
        #[arg(long)]
        json: bool,
        /// Files cleaned at once (default: one per processor); output stays in the order of the files
        #[arg(short = 'j', long = "jobs", value_name = "N")]
        jobs: Option<usize>,
        /// Files or folders (folders are cleaned recursively)
        #[arg(required = true, value_name = "FILE_OR_DIR")]
        paths: Vec<PathBuf>,
    },
    /// Clean share links: remove what names the person who shared them or tracks whoever opens them
    #[command(
        after_help = "Exit status:\n  0  every link was read (links that cannot be cleaned offline get a warning)\n  2  the command line was wrong"
    )]
    Link {
        /// One JSON object per link per line:
        /// {"input","output","removed":[{"param","reason":"sharer_id"|"tracking","rule"}],"unwrapped":[…],"warnings":[…]}
        #[arg(long)]
        json: bool,
        /// Links to clean; - reads them from standard input, one per line
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
    },
    /// Find personal details in text read from standard input: phone numbers, email and street addresses, coordinates, immigration case numbers, share links
    #[command(
        after_help = "Exit status:\n  0  the text was read\n  1  standard input or the never-publish file could not be read\n  2  the command line was wrong"
    )]
    Text {
        /// One JSON object: {"findings":[{"kind","start","end","text","severity","message","replacement"?}],"cleaned_text"}; offsets are UTF-8 bytes
        #[arg(long)]
        json: bool,
        /// A file with your never-publish list (names, street, workplace, phone), one entry per line
        #[arg(long, value_name = "FILE")]
        never_publish: Option<PathBuf>,
    },
    /// Cover faces (found by Silbato, or boxes you give) so they cannot be recovered; writes new photos and videos under --out
    #[command(after_help = "The photo is decoded, covered at full resolution and encoded again (JPEG at quality 92; PNG and WebP become PNG), \
with its colour profile and without any hidden data, thumbnail or preview. Faces with masks, in profile, far away or partly hidden are often missed: \
look at the result, and add boxes with --box.\n\nVideos (MP4, MOV, 3GP; needs ffmpeg): faces are searched about four times a second and followed \
between searches; every frame is covered with a solid fill and encoded again as H.264 at about the original's bit rate; the sound is copied \
unchanged unless you give --no-sound; a --box is covered on every frame.\n\nExit status:\n  0  every file was covered, cleaned and verified\n  1  at least one file could not be read, covered or written; the others were done\n  2  the command line was wrong")]
    Redact {
        /// Find faces and cover them
        #[arg(long)]
        faces: bool,
        /// Also cover this region, in the upright photo's pixels (repeatable): left,top,width,height
        #[arg(long = "box", value_name = "X,Y,W,H", value_parser = parse_box)]
        boxes: Vec<silbato::faces::Region>,
        /// Coarse pixelation with noise instead of a solid fill (photos only)
        #[arg(long)]
        pixelate: bool,
        /// Leave the sound out of covered videos (voices identify people too); by default it is copied unchanged
        #[arg(long)]
        no_sound: bool,
        /// Folder for the covered photos and videos (created if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// One JSON object per photo per line: {"path","output","format","width","height","faces":[{"region","score"}],"covered":[…],"error"}
        #[arg(long)]
        json: bool,
        /// Photos (JPEG, PNG, WebP), videos (MP4, MOV, 3GP) or folders
        #[arg(required = true, value_name = "FILE_OR_DIR")]
        paths: Vec<PathBuf>,
    },
    /// Inspect and clean a sample photo that ships with Silbato (it carries a location, a serial number and a name)
    Demo {
        /// Where to write the cleaned sample
        #[arg(long, value_name = "DIR", default_value = "build/demo")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    let cli = parse(es::lang_of_args(&args, lang_from_env()));
    let lang = cli.lang.as_deref().map(Lang::from_tag).unwrap_or_else(lang_from_env);
    let opts = Options { lang, gazetteer: Gazetteer::from_bytes(GAZETTEER) };
    let ok = match cli.command {
        Command::Inspect { json, quick, paths } => inspect(&paths, json, quick, &opts),
        Command::Clean { out, in_place, rename, json, jobs, paths } => {
            let workers = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
            clean(&paths, out.as_deref(), in_place, rename, json, workers, &opts)
        }
        Command::Demo { out } => demo(&out, &opts),
        Command::Redact { faces, boxes, pixelate, no_sound, out, json, paths } => {
            redact(&paths, &out, &RedactHow { faces, boxes: &boxes, pixelate, keep_sound: !no_sound }, json, lang)
        }
        Command::Link { json, urls } => link(&urls, json, lang),
        Command::Text { json, never_publish } => text(never_publish.as_deref(), json, lang),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The command line, its help and its errors in the language asked for.
fn parse(lang: Lang) -> Cli {
    use clap::error::ErrorKind as ClapKind;
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = match lang {
        Lang::En => Cli::command(),
        Lang::Es => es::spanish(Cli::command()),
    };
    // clap's own `help` command says "subcommand(s)": built first, then given real words.
    cmd.build();
    let cmd = cmd.mut_subcommand("help", |h| h.about(es::help_command(lang)));
    let matches = match (lang, cmd.try_get_matches()) {
        (_, Ok(m)) => m,
        (Lang::En, Err(e)) => e.exit(),
        (Lang::Es, Err(e))
            if matches!(e.kind(), ClapKind::DisplayHelp | ClapKind::DisplayVersion | ClapKind::DisplayHelpOnMissingArgumentOrSubcommand) =>
        {
            e.exit()
        }
        (Lang::Es, Err(e)) => {
            eprintln!("{}", es::argument_error(&e));
            std::process::exit(2)
        }
    };
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

fn lang_from_env() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .map(|v| Lang::from_tag(&v))
        .unwrap_or_default()
}

/// A file to work on and, for clean, where its copy goes relative to --out.
struct Job {
    path: PathBuf,
    relative: PathBuf,
}

/// Expand folders (recursively, sorted) into files. Unreadable entries are
/// reported and counted as failures.
fn collect(paths: &[PathBuf], failed: &mut bool) -> Vec<Job> {
    let mut jobs = Vec::new();
    for p in paths {
        if p.is_dir() {
            let root_name = p.canonicalize().ok().and_then(|c| c.file_name().map(PathBuf::from)).unwrap_or_default();
            for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let rel = e.path().strip_prefix(p).unwrap_or(e.path());
                        jobs.push(Job { path: e.path().to_path_buf(), relative: root_name.join(rel) });
                    }
                    Ok(_) => {}
                    Err(e) => {
                        eprintln!("silbato: {}: {e}", p.display());
                        *failed = true;
                    }
                }
            }
        } else {
            let name = p.file_name().map(PathBuf::from).unwrap_or_else(|| p.clone());
            jobs.push(Job { path: p.clone(), relative: name });
        }
    }
    jobs
}

/// Run a core function on a file, loading only the byte ranges it asks for:
/// the box headers and `moov` of a video (never its media data), or the
/// whole of a photo. Returns the answer and what was loaded.
fn with_file<T>(path: &Path, mut f: impl FnMut(&Sparse) -> silbato::Result<Step<T>>) -> Result<(T, Sparse), FileError> {
    let file = fs::File::open(path).map_err(|e| io_error(&e))?;
    let meta = file.metadata().map_err(|e| io_error(&e))?;
    if !meta.is_file() {
        return Err(file_error(ErrorKind::Io, "not a regular file".into()));
    }
    let mut sparse = Sparse::new(meta.len());
    // Each answer is a new range; a file that keeps asking is hostile.
    for _ in 0..1_000_000 {
        match f(&sparse)? {
            Step::Done(v) => return Ok((v, sparse)),
            Step::Need { start, len } => {
                // The core asks for no more than it reads at once; a larger request would be a bug.
                if len > silbato::source::MAX_READ {
                    return Err(file_error(ErrorKind::LimitExceeded, format!("a read of {} MB", len >> 20)));
                }
                sparse.insert(start, read_range(&file, start, len).map_err(|e| io_error(&e))?);
            }
        }
    }
    Err(file_error(ErrorKind::LimitExceeded, "the file asked for too many separate reads".into()))
}

/// `len` bytes at `start`, read into fresh capacity: a photo is read whole,
/// and filling megabytes with zeros first only to overwrite them cost a
/// few per cent of a batch (issue 17's benchmark, scripts/bench-cli-batch.sh).
fn read_range(file: &fs::File, start: u64, len: u64) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    buf.try_reserve_exact(usize::try_from(len).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?)?;
    let mut file = file;
    file.seek(SeekFrom::Start(start))?;
    file.take(len).read_to_end(&mut buf)?;
    if buf.len() as u64 != len {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file is shorter than it was"));
    }
    Ok(buf)
}

/// Write the cleaned file by streaming the plan: copied ranges go straight
/// from the original (the kernel copies them where it can), new bytes and
/// zeros are written. Memory stays small whatever the file size.
fn write_plan(src: &Path, plan: &silbato::CleanPlan, target: &Path, durable: bool) -> io::Result<()> {
    let mut input = fs::File::open(src)?;
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.silbato-tmp"));
    let result = (|| {
        let mut out = fs::File::create(&tmp)?;
        let zeros = [0u8; 64 << 10];
        for op in plan.ops() {
            match op {
                Op::Copy { start, end } => {
                    input.seek(SeekFrom::Start(*start))?;
                    let n = io::copy(&mut (&mut input).take(end - start), &mut out)?;
                    if n != end - start {
                        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file changed while it was being cleaned"));
                    }
                }
                Op::Insert(bytes) => out.write_all(bytes)?,
                Op::Zeros(n) => {
                    let mut left = *n;
                    while left > 0 {
                        let k = left.min(zeros.len() as u64) as usize;
                        out.write_all(&zeros[..k])?;
                        left -= k as u64;
                    }
                }
            }
        }
        if durable {
            // Replacing the original: make sure the new bytes are on disk first.
            out.sync_all()?;
        }
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// What went wrong with one file: the core's error report (`{kind, format,
/// offset, message}`), also for reading and writing files.
type FileError = ErrorReport;

fn io_error(e: &io::Error) -> FileError {
    file_error(ErrorKind::Io, e.to_string())
}

fn file_error(kind: ErrorKind, message: String) -> FileError {
    ErrorReport { kind, format: None, offset: None, message }
}

#[derive(Serialize)]
struct InspectLine<'a> {
    path: String,
    #[serde(flatten)]
    report: &'a Report,
    error: Option<FileError>,
}

fn progress(n: usize, json: bool) -> ProgressBar {
    if n < 2 || json {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr());
    bar.set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}").unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar
}

/// The progress of covering one video, with the time left (on the
/// terminal only; never with --json).
fn video_bar(lang: Lang) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(2000), ProgressDrawTarget::stderr());
    let left = t(lang, "left", "restantes");
    let template = format!("{{msg}} {{bar:30}} {{percent}}% · {{eta}} {left}");
    bar.set_style(ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar
}

fn inspect(paths: &[PathBuf], json: bool, quick: bool, opts: &Options) -> bool {
    let mut failed = false;
    let jobs = collect(paths, &mut failed);
    let depth = if quick { silbato::Depth::Headers } else { silbato::Depth::Full };
    let bar = progress(jobs.len(), json);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for job in &jobs {
        bar.set_message(job.path.display().to_string());
        let result = with_file(&job.path, |s| silbato::inspect_source_with(s, opts, depth)).map(|(r, _)| r);
        let empty = Report::default();
        let (report, error) = match result {
            Ok(mut r) => {
                // The name reaches whoever gets the file, as its bytes do.
                r.findings.extend(silbato::names::inspect_name(&file_name(&job.path), opts.lang));
                r.sort();
                (r, None)
            }
            Err(e) => {
                failed = true;
                (empty, Some(e))
            }
        };
        bar.suspend(|| {
            if json {
                let line = InspectLine { path: job.path.display().to_string(), report: &report, error };
                let _ = writeln!(out, "{}", serde_json::to_string(&line).unwrap_or_default());
            } else {
                let _ = print_report(&mut out, &job.path.display().to_string(), &report, error.as_ref(), opts.lang);
            }
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    !failed
}

fn print_report(out: &mut impl Write, name: &str, report: &Report, error: Option<&FileError>, lang: Lang) -> io::Result<()> {
    if let Some(e) = error {
        writeln!(out, "{name}: {} {}", t(lang, "ERROR:", "ERROR:"), es::reason(e, lang))?;
        return Ok(());
    }
    let format = report.format.map(|f| f.display_name()).unwrap_or("?");
    if report.findings.is_empty() {
        writeln!(out, "{name} ({format}): {}", t(lang, "reveals nothing we know of", "no revela nada que conozcamos"))?;
    } else {
        let n = report.findings.len();
        writeln!(out, "{name} ({format}): {} {n}", t(lang, "things it reveals:", "cosas que revela:"))?;
        for f in &report.findings {
            writeln!(out, "  {:<6} {:<10} {}", severity(f.severity, lang), category(f.category, lang), f.message)?;
            writeln!(out, "  {:<6} {:<10} {} = {}", "", "", f.tag, f.value)?;
        }
    }
    for w in &report.warnings {
        writeln!(out, "  {} {}", t(lang, "note:", "nota:"), es::warning(w, lang))?;
    }
    if let Some(d) = &report.damage {
        writeln!(out, "  {} {}", t(lang, "damaged:", "dañado:"), d.message)?;
    }
    Ok(())
}

/// `silbato link`: one block (or JSON line) per link, the cleaned link first.
fn link(urls: &[String], json: bool, lang: Lang) -> bool {
    let mut list: Vec<String> = Vec::new();
    for u in urls {
        if u == "-" {
            list.extend(io::stdin().lines().map_while(Result::ok).map(|l| l.trim().to_string()).filter(|l| !l.is_empty()));
        } else {
            list.push(u.clone());
        }
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for u in &list {
        let report = silbato::url::clean_link(u, lang);
        let written = if json {
            serde_json::to_string(&report).map_err(io::Error::other).and_then(|line| writeln!(out, "{line}"))
        } else {
            print_link(&mut out, &report, lang)
        };
        if written.is_err() {
            return false;
        }
    }
    true
}

fn print_link(out: &mut impl Write, report: &silbato::url::LinkReport, lang: Lang) -> io::Result<()> {
    writeln!(out, "{}", report.output)?;
    for via in &report.unwrapped {
        writeln!(out, "  {} {via}", t(lang, "unwrapped the redirect", "se quitó la redirección"))?;
    }
    for r in &report.removed {
        let why = match (r.reason, lang) {
            (Reason::SharerId, Lang::En) => "names whoever shared the link",
            (Reason::SharerId, Lang::Es) => "identifica a quien compartió el enlace",
            (Reason::Tracking, Lang::En) => "tracks whoever opens it",
            (Reason::Tracking, Lang::Es) => "rastrea a quien lo abre",
        };
        let site = r.site.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
        writeln!(out, "  {} {}: {why}{site}", t(lang, "removed", "se quitó"), r.param)?;
    }
    if report.removed.is_empty() && report.unwrapped.is_empty() && report.warnings.is_empty() {
        writeln!(out, "  {}", t(lang, "nothing to remove", "nada que quitar"))?;
    }
    for w in &report.warnings {
        writeln!(out, "  {} {w}", t(lang, "warning:", "aviso:"))?;
    }
    Ok(())
}

/// `silbato text`: what the text on standard input would reveal.
fn text(never_publish: Option<&Path>, json: bool, lang: Lang) -> bool {
    let mut options = TextOptions { lang, never_publish: Vec::new() };
    if let Some(path) = never_publish {
        match fs::read_to_string(path) {
            Ok(list) => options.never_publish = silbato::text::Term::list(&list.lines().map(str::to_string).collect::<Vec<_>>()),
            Err(e) => {
                eprintln!(
                    "{}: {}: {e}",
                    path.display(),
                    t(lang, "cannot read the never-publish list", "no se puede leer la lista de lo que nunca publicas")
                );
                return false;
            }
        }
    }
    let mut input = String::new();
    if let Err(e) = io::stdin().take(silbato::text::MAX_TEXT as u64).read_to_string(&mut input) {
        eprintln!("{}: {e}", t(lang, "cannot read standard input as text", "no se puede leer la entrada estándar como texto"));
        return false;
    }
    let findings = silbato::text::scan(&input, &options);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = if json {
        let value = serde_json::json!({ "findings": findings, "cleaned_text": silbato::text::clean_links(&input, &findings) });
        writeln!(out, "{value}")
    } else {
        print_text_findings(&mut out, &input, &findings, lang)
    };
    written.is_ok()
}

fn print_text_findings(out: &mut impl Write, input: &str, findings: &[silbato::text::TextFinding], lang: Lang) -> io::Result<()> {
    if findings.is_empty() {
        return writeln!(out, "{}", t(lang, "Nothing personal found in this text.", "No se encontró nada personal en este texto."));
    }
    let n = findings.len();
    let things = if n == 1 {
        t(lang, "thing to check before posting:", "cosa que revisar antes de publicar:")
    } else {
        t(lang, "things to check before posting:", "cosas que revisar antes de publicar:")
    };
    writeln!(out, "{n} {things}")?;
    for f in findings {
        let before = &input[..f.start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let kind = match (f.kind, lang) {
            (Kind::SharerLink | Kind::ShareShortLink | Kind::TrackingLink, Lang::En) => "link",
            (Kind::SharerLink | Kind::ShareShortLink | Kind::TrackingLink, Lang::Es) => "enlace",
            (Kind::NeverPublish, Lang::En) => "your list",
            (Kind::NeverPublish, Lang::Es) => "tu lista",
            (Kind::Phone, Lang::En) => "phone",
            (Kind::Phone, Lang::Es) => "teléfono",
            (Kind::Email, _) => "email",
            (Kind::StreetAddress, Lang::En) => "address",
            (Kind::StreetAddress, Lang::Es) => "dirección",
            (Kind::Coordinates, Lang::En) => "place",
            (Kind::Coordinates, Lang::Es) => "ubicación",
            (Kind::ImmigrationId, Lang::En) => "case no.",
            (Kind::ImmigrationId, Lang::Es) => "núm. caso",
        };
        writeln!(out, "  {:<6} {:<9} {line}:{column}  {}", severity(f.severity, lang), kind, f.text)?;
        writeln!(out, "  {:<6} {:<9} {}", "", "", f.message)?;
        if let Some(r) = &f.replacement {
            writeln!(out, "  {:<6} {:<9} {} {r}", "", "", t(lang, "clean:", "limpio:"))?;
        }
    }
    Ok(())
}

fn t(lang: Lang, en: &'static str, es: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Es => es,
    }
}

fn severity(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::High => t(lang, "HIGH", "ALTO"),
        Severity::Medium => t(lang, "medium", "medio"),
        Severity::Low => t(lang, "low", "bajo"),
    }
}

fn category(c: Category, lang: Lang) -> &'static str {
    match c {
        Category::Location => t(lang, "location", "ubicación"),
        Category::Serial => t(lang, "serial", "nº serie"),
        Category::Person => t(lang, "person", "persona"),
        Category::UniqueId => t(lang, "unique id", "id único"),
        Category::Device => t(lang, "device", "dispositivo"),
        Category::Timestamp => t(lang, "time", "hora"),
        Category::Software => t(lang, "software", "programa"),
        Category::Embedded => t(lang, "hidden", "oculto"),
        Category::Text => t(lang, "text", "texto"),
    }
}

#[derive(Serialize)]
struct CleanLine<'a> {
    path: String,
    output: Option<String>,
    format: Option<&'static str>,
    removed: &'a [Finding],
    warnings: &'a [String],
    /// A damaged file that was cleaned: where the damage starts and what was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    damage: Option<&'a silbato::report::Damage>,
    error: Option<&'a FileError>,
}

/// Where a cleaned copy goes: over the original, under --out with its own
/// name, or under --out with a neutral one.
enum Target {
    InPlace,
    Same(PathBuf),
    Renamed(PathBuf),
}

fn clean(paths: &[PathBuf], out_dir: Option<&Path>, in_place: bool, rename: bool, json: bool, workers: usize, opts: &Options) -> bool {
    let written = Mutex::new(HashSet::new());
    let work = |job: &Job| {
        let target = match (in_place, out_dir) {
            (true, _) => Target::InPlace,
            (false, Some(dir)) if rename => Target::Renamed(dir.to_path_buf()),
            (false, Some(dir)) => Target::Same(dir.join(&job.relative)),
            (false, None) => Target::Same(unreachable_target()),
        };
        clean_one(job, target, &written, opts)
    };
    let say = |job: &Job, result: Result<(Report, PathBuf), FileError>, out: &mut io::StdoutLock<'static>| {
        if json {
            let empty = Report::default();
            let (report, output, error) = match &result {
                Ok((r, target)) => (r, Some(target.display().to_string()), None),
                Err(e) => (&empty, None, Some(e)),
            };
            let line = CleanLine {
                path: job.path.display().to_string(),
                output,
                format: report.format.map(|f| f.as_str()),
                removed: &report.findings,
                warnings: &report.warnings,
                damage: report.damage.as_ref(),
                error,
            };
            let _ = writeln!(out, "{}", serde_json::to_string(&line).unwrap_or_default());
        } else {
            match result {
                // Errors go to stderr, naming the file and the reason.
                Err(e) => {
                    eprintln!("silbato: {}: {} {}", job.path.display(), t(opts.lang, "not cleaned:", "no se limpió:"), es::reason(&e, opts.lang))
                }
                Ok((report, target)) => {
                    let _ = print_removed(out, &job.path, &target, &report, opts.lang);
                    if !rename {
                        let _ = print_kept_name(out, &job.path, opts.lang);
                    }
                }
            }
        }
    };
    let ok = each_file(paths, json, workers, || work, say);
    if !json {
        // Cleaning never changes what can be seen: said once, after the list.
        println!("{}", es::still_visible(opts.lang));
    }
    ok
}

/// The loop `clean` and `redact` share: every file under `paths`, with a
/// progress bar; `work` does one file and `say` prints what came of it (with
/// the bar out of the way), in the order of the files whatever order they
/// finish in. `workers` files are done at once, each worker with its own
/// `make()` (which may hold what cannot be shared, such as a face detector)
/// and at most one file in memory, so memory stays bounded. True when every
/// file was done.
fn each_file<T: Send, W: FnMut(&Job) -> Result<T, FileError>>(
    paths: &[PathBuf],
    json: bool,
    workers: usize,
    make: impl Fn() -> W + Sync,
    mut say: impl FnMut(&Job, Result<T, FileError>, &mut io::StdoutLock<'static>),
) -> bool {
    let mut failed = false;
    let jobs = collect(paths, &mut failed);
    let bar = progress(jobs.len(), json);
    let mut out = io::stdout().lock();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (done, results) = std::sync::mpsc::channel::<(usize, Result<T, FileError>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, jobs.len().max(1)) {
            let done = done.clone();
            let (next, jobs, make) = (&next, &jobs, &make);
            scope.spawn(move || {
                let mut work = make();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    if done.send((i, work(job))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Said in order: a file that finishes early waits for those before it.
        let mut waiting = std::collections::BTreeMap::new();
        let mut said = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&said) {
                if let Some(job) = jobs.get(said) {
                    bar.set_message(job.path.display().to_string());
                    failed |= result.is_err();
                    bar.suspend(|| say(job, result, &mut out));
                    bar.inc(1);
                }
                said += 1;
            }
        }
    });
    bar.finish_and_clear();
    !failed
}

/// clap guarantees --out or --in-place; keep the type system honest without panicking.
fn unreachable_target() -> PathBuf {
    PathBuf::from("silbato-cleaned")
}

/// `written` holds the targets already claimed by other inputs of this run.
fn clean_one(job: &Job, target: Target, written: &Mutex<HashSet<PathBuf>>, opts: &Options) -> Result<(Report, PathBuf), FileError> {
    let src = &job.path;
    let (planned, _loaded) = with_file(src, |s| silbato::plan_clean_source(s, opts))?;
    let mut removed = planned.removed;
    // A neutral name is claimed when it is chosen; any other target is claimed below.
    let (target, in_place, claimed) = match target {
        Target::InPlace => (src.clone(), true, false),
        Target::Same(t) => (t, false, false),
        Target::Renamed(dir) => {
            // The old name is removed too: say what it revealed.
            let mut said = silbato::names::inspect_name(&file_name(src), opts.lang);
            said.append(&mut removed.findings);
            removed.findings = said;
            (neutral_target(&dir, planned.format, written)?, false, true)
        }
    };
    if !in_place {
        if same_file(src, &target) {
            return Err(file_error(
                ErrorKind::InvalidArgument,
                format!("{} would overwrite the original; choose another --out or use --in-place", target.display()),
            ));
        }
        if !claimed && !written.lock().is_ok_and(|mut w| w.insert(target.to_path_buf())) {
            return Err(file_error(ErrorKind::InvalidArgument, format!("{} was already written by another input", target.display())));
        }
    }
    write_plan(src, &planned.plan, &target, in_place).map_err(|e| io_error(&e))?;
    Ok((removed, target))
}

/// The first neutral name of `format`'s kind in `dir` that no other input
/// of this run has claimed and that does not exist yet (`photo.jpg`,
/// `photo-2.jpg`…), claimed here. With several jobs at once, numbers follow
/// the order in which files finish.
fn neutral_target(dir: &Path, format: silbato::Format, written: &Mutex<HashSet<PathBuf>>) -> Result<PathBuf, FileError> {
    let mut claimed = written.lock().map_err(|_| file_error(ErrorKind::Io, "another file failed while names were handed out".into()))?;
    let mut index = 1;
    loop {
        let path = dir.join(silbato::names::neutral_name(format, index));
        if !claimed.contains(&path) && !path.exists() {
            claimed.insert(path.clone());
            return Ok(path);
        }
        index += 1;
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Without --rename the copy keeps its name: say what the name still tells.
fn print_kept_name(out: &mut impl Write, src: &Path, lang: Lang) -> io::Result<()> {
    for f in silbato::names::inspect_name(&file_name(src), lang) {
        let said = match lang {
            Lang::En => format!("the name still tells {}; --rename gives cleaned copies neutral names", f.value),
            Lang::Es => format!("el nombre todavía dice {}; --rename les pone nombres neutros a las copias limpias", f.value),
        };
        writeln!(out, "  {} {said}", t(lang, "note:", "nota:"))?;
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Write next to the target and rename, so a failure never leaves half a file.
fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.silbato-tmp"));
    let result = fs::write(&tmp, bytes).and_then(|_| fs::rename(&tmp, target));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn print_removed(out: &mut impl Write, src: &Path, target: &Path, removed: &Report, lang: Lang) -> io::Result<()> {
    let n = removed.findings.len();
    if n == 0 {
        writeln!(out, "{} → {}: {}", src.display(), target.display(), t(lang, "nothing to remove", "nada que quitar"))?;
    } else {
        writeln!(out, "{} → {}: {} {n}", src.display(), target.display(), t(lang, "removed", "cosas quitadas:"))?;
        for f in &removed.findings {
            writeln!(out, "  - {} ({} = {})", f.message, f.tag, f.value)?;
        }
    }
    for w in &removed.warnings {
        writeln!(out, "  {} {}", t(lang, "note:", "nota:"), es::warning(w, lang))?;
    }
    if let Some(d) = &removed.damage {
        writeln!(out, "  {} {}", t(lang, "damaged:", "dañado:"), d.message)?;
    }
    Ok(())
}

fn demo(out_dir: &Path, opts: &Options) -> bool {
    let lang = opts.lang;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let report = match silbato::inspect(SAMPLE, opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "silbato: {} {}",
                t(lang, "the built-in sample could not be read:", "no se pudo leer la foto de ejemplo:"),
                es::reason(&ErrorReport::from(&e), lang)
            );
            return false;
        }
    };
    let _ = writeln!(out, "{}\n", t(lang, "What the sample photo reveals:", "Lo que revela la foto de ejemplo:"));
    let _ = print_report(&mut out, SAMPLE_NAME, &report, None, lang);
    let cleaned = match silbato::clean(SAMPLE, opts) {
        Ok(c) => c,
        Err(e) => {
            eprintln!(
                "silbato: {} {}",
                t(lang, "the built-in sample could not be cleaned:", "no se pudo limpiar la foto de ejemplo:"),
                es::reason(&ErrorReport::from(&e), lang)
            );
            return false;
        }
    };
    let target = out_dir.join(SAMPLE_NAME);
    if let Err(e) = write_atomic(&target, &cleaned.output) {
        eprintln!("silbato: {}: {e}", target.display());
        return false;
    }
    let _ = writeln!(out, "\n{}\n", t(lang, "Cleaning it:", "Al limpiarla:"));
    let _ = print_removed(&mut out, Path::new(SAMPLE_NAME), &target, &cleaned.removed, lang);
    let after = silbato::inspect(&cleaned.output, opts).map(|r| r.findings.len()).unwrap_or(usize::MAX);
    let _ = writeln!(
        out,
        "\n{} {} ({} → {} bytes; {}: {after})",
        t(lang, "Cleaned copy written to", "Copia limpia escrita en"),
        target.display(),
        SAMPLE.len(),
        cleaned.output.len(),
        t(lang, "hidden data left", "datos ocultos que quedan"),
    );
    let _ = writeln!(out, "{}", es::still_visible(lang));
    after == 0
}

// ---- redact: cover faces ----

static FACE_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/face-model.bin"));
/// BlazeFace's model; empty when it was not fetched before the build.
static BLAZEFACE_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/blazeface.onnx"));

/// What `redact` covers and how.
struct RedactHow<'a> {
    faces: bool,
    boxes: &'a [silbato::faces::Region],
    pixelate: bool,
    keep_sound: bool,
}

fn parse_box(s: &str) -> Result<silbato::faces::Region, String> {
    let n: Vec<u32> =
        s.split(',').map(|p| p.trim().parse::<u32>()).collect::<Result<_, _>>().map_err(|_| format!("{s:?} is not X,Y,W,H in pixels"))?;
    match n[..] {
        [x, y, width, height] if width > 0 && height > 0 => Ok(silbato::faces::Region { x, y, width, height }),
        _ => Err(format!("{s:?} is not X,Y,W,H with a width and height above 0")),
    }
}

#[derive(Serialize)]
struct RedactLine {
    path: String,
    output: Option<String>,
    format: Option<&'static str>,
    width: Option<u32>,
    height: Option<u32>,
    faces: Vec<silbato::faces::FaceBox>,
    covered: Vec<silbato::faces::Region>,
    /// For a video: frames, faces followed, frames covered, sound kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    video: Option<video::Covered>,
    error: Option<FileError>,
}

impl RedactLine {
    /// The line for `path` before anything is known of it.
    fn new(path: &Path) -> RedactLine {
        RedactLine {
            path: path.display().to_string(),
            output: None,
            format: None,
            width: None,
            height: None,
            faces: Vec::new(),
            covered: Vec::new(),
            video: None,
            error: None,
        }
    }
}

/// A random seed for the pixelation noise, from the standard library's
/// randomly keyed hasher (the operating system's randomness).
fn random_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new().build_hasher().finish()
}

fn redact(paths: &[PathBuf], out_dir: &Path, how: &RedactHow, json: bool, lang: Lang) -> bool {
    let RedactHow { faces: find_faces, boxes, pixelate, keep_sound } = *how;
    use silbato::faces::{redact as cover_photo, Cover, Detector};
    if !find_faces && boxes.is_empty() {
        eprintln!(
            "silbato: {}",
            t(lang, "nothing to cover: give --faces, --box X,Y,W,H or both", "nada que tapar: usa --faces, --box X,Y,W,H o las dos")
        );
        return false;
    }
    // Each worker loads its own detector (it cannot be shared between threads); the first load says whether the models read.
    let load = || -> Result<Option<Detector>, silbato::Error> {
        if !find_faces {
            return Ok(None);
        }
        let mut d = Detector::from_model(FACE_MODEL)?;
        if !BLAZEFACE_MODEL.is_empty() {
            d.add_blazeface(BLAZEFACE_MODEL)?;
        }
        Ok(Some(d))
    };
    if let Err(e) = load() {
        eprintln!("silbato: {e}");
        return false;
    }
    let written = Mutex::new(HashSet::new());
    let one_file = matches!(paths, [p] if p.is_file());
    let claim = |target: &Path| -> Result<(), FileError> {
        if !written.lock().is_ok_and(|mut w| w.insert(target.to_path_buf())) {
            return Err(file_error(ErrorKind::InvalidArgument, format!("{} would overwrite another file; choose another --out", target.display())));
        }
        Ok(())
    };
    // Frames of a video are searched by SeetaFace alone: BlazeFace's passes
    // cost five times as much, and following faces between frames makes up
    // for a face missed on one search (docs/faces.md, "Videos").
    let make_detector = || Detector::from_model(FACE_MODEL);
    let cover_video = |job: &Job, format: silbato::Format| -> Result<RedactLine, FileError> {
        if pixelate {
            return Err(file_error(
                ErrorKind::InvalidArgument,
                t(
                    lang,
                    "videos are covered with a solid fill only: leave out --pixelate",
                    "los vídeos solo se tapan con un relleno sólido: quita --pixelate",
                )
                .into(),
            ));
        }
        let mut target = out_dir.join(&job.relative);
        if !format.info().extensions.iter().any(|e| target.extension().is_some_and(|x| x.eq_ignore_ascii_case(e))) {
            target.set_extension(format.info().extensions.first().copied().unwrap_or("mp4"));
        }
        if same_file(&job.path, &target) {
            return Err(file_error(ErrorKind::InvalidArgument, format!("{} would overwrite the original; choose another --out", target.display())));
        }
        claim(&target)?;
        let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(dir).map_err(|e| io_error(&e))?;
        let encoded = dir.join(format!(".{}.silbato-encoded", file_name(&target)));
        // A bar for the one video of this run (a batch has its bar of files).
        let bar = if one_file && !json { video_bar(lang) } else { ProgressBar::hidden() };
        let progress = |pass: video::Pass, done: u64, of: Option<u64>| {
            // Searching is about half the work, covering and encoding the other half.
            let of = of.unwrap_or(done).max(done).max(1);
            let at = match pass {
                video::Pass::Search => done * 1000 / of,
                video::Pass::Cover => 1000 + done * 1000 / of,
            };
            if at != bar.position() {
                bar.set_position(at);
                bar.set_message(match pass {
                    video::Pass::Search => t(lang, "looking for faces", "buscando caras"),
                    video::Pass::Cover => t(lang, "covering and saving", "tapando y guardando"),
                });
            }
        };
        let settings =
            video::Settings { boxes, keep_sound, format, threads: std::thread::available_parallelism().map_or(1, usize::from), progress: &progress };
        let done = video::cover(&job.path, &encoded, &settings, find_faces.then_some(&make_detector as _)).and_then(|done| {
            // The encoder's file is cleaned and verified like any video before it is kept.
            let (planned, _) = with_file(&encoded, |s| silbato::plan_clean_source(s, &Options::default()))?;
            write_plan(&encoded, &planned.plan, &target, false).map_err(|e| io_error(&e))?;
            Ok(done)
        });
        let _ = fs::remove_file(&encoded);
        bar.finish_and_clear();
        let done = done?;
        Ok(RedactLine {
            output: Some(target.display().to_string()),
            format: Some(format.as_str()),
            width: Some(done.width),
            height: Some(done.height),
            covered: boxes.to_vec(),
            video: Some(done),
            ..RedactLine::new(&job.path)
        })
    };
    let cover = |job: &Job, detector: &mut Option<Detector>| -> Result<RedactLine, FileError> {
        let (format, _) = with_file(&job.path, |s| silbato::identify_source(s))?;
        if format.info().media == silbato::report::Media::Video {
            return cover_video(job, format);
        }
        let meta = fs::metadata(&job.path).map_err(|e| io_error(&e))?;
        if meta.len() > silbato::container::MAX_IN_MEMORY {
            return Err(file_error(ErrorKind::LimitExceeded, format!("{} bytes is larger than Silbato reads", meta.len())));
        }
        let input = fs::read(&job.path).map_err(|e| io_error(&e))?;
        let mut regions = boxes.to_vec();
        let mut faces = Vec::new();
        if let Some(d) = detector.as_mut() {
            let found = d.detect(&input)?;
            regions.extend(found.covering());
            faces = found.faces;
        }
        let cover = if pixelate { Cover::Pixelate { seed: random_seed() } } else { Cover::Fill };
        let done = cover_photo(&input, &regions, cover)?;
        let mut target = out_dir.join(&job.relative);
        if done.format == silbato::Format::Png {
            target.set_extension("png");
        }
        if same_file(&job.path, &target) {
            return Err(file_error(ErrorKind::InvalidArgument, format!("{} would overwrite another file; choose another --out", target.display())));
        }
        claim(&target)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(&e))?;
        }
        fs::write(&target, &done.output).map_err(|e| io_error(&e))?;
        Ok(RedactLine {
            output: Some(target.display().to_string()),
            format: Some(done.format.as_str()),
            width: Some(done.width),
            height: Some(done.height),
            faces,
            covered: done.covered,
            ..RedactLine::new(&job.path)
        })
    };
    let say = |job: &Job, result: Result<RedactLine, FileError>, out: &mut io::StdoutLock<'static>| {
        let line = result.unwrap_or_else(|e| RedactLine { error: Some(e), ..RedactLine::new(&job.path) });
        if json {
            let _ = writeln!(out, "{}", serde_json::to_string(&line).unwrap_or_default());
        } else if let Some(e) = &line.error {
            eprintln!("silbato: {}: {} {}", line.path, t(lang, "not covered:", "no se tapó:"), es::reason(e, lang));
        } else if let Some(v) = &line.video {
            let _ = writeln!(
                out,
                "{}: {} {}; {} {}; {} {} / {}; {} → {}",
                line.path,
                t(lang, "faces followed:", "caras seguidas:"),
                v.tracks,
                t(lang, "frames searched:", "fotogramas revisados:"),
                v.searched,
                t(lang, "frames with something covered:", "fotogramas con algo tapado:"),
                v.frames_covered,
                v.frames,
                if v.sound { t(lang, "sound kept", "sonido conservado") } else { t(lang, "no sound", "sin sonido") },
                line.output.as_deref().unwrap_or_default()
            );
        } else {
            let found = match (find_faces, lang) {
                (false, _) => String::new(),
                (true, Lang::Es) => format!("caras encontradas: {}; ", line.faces.len()),
                (true, _) => format!("faces found: {}; ", line.faces.len()),
            };
            let _ = writeln!(
                out,
                "{}: {found}{} {} → {}",
                line.path,
                t(lang, "areas covered:", "zonas tapadas:"),
                line.covered.len(),
                line.output.as_deref().unwrap_or_default()
            );
        }
    };
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let ok = each_file(
        paths,
        json,
        workers,
        || {
            let mut detector = load();
            move |job: &Job| match &mut detector {
                Ok(d) => cover(job, d),
                Err(e) => Err(ErrorReport::from(&*e)),
            }
        },
        say,
    );
    if find_faces && !json {
        eprintln!(
            "{}",
            t(
                lang,
                "Look at each photo and video before you post it: faces with masks, in profile, far away or partly hidden are often missed. Cover them with --box X,Y,W,H.",
                "Mira cada foto y cada vídeo antes de publicarlos: las caras con cubrebocas o mascarilla, de perfil, lejanas o medio tapadas suelen pasar desapercibidas. Tápalas con --box X,Y,W,H."
            )
        );
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_range_reads_exactly_the_range_and_says_when_the_file_is_shorter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("photo.jpg");
        let bytes: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
        fs::write(&path, &bytes).unwrap();
        let file = fs::File::open(&path).unwrap();
        assert_eq!(read_range(&file, 0, 100_000).unwrap(), bytes);
        assert_eq!(read_range(&file, 70_000, 10).unwrap(), &bytes[70_000..70_010]);
        // The same handle again, from an earlier place: each read seeks.
        assert_eq!(read_range(&file, 3, 5).unwrap(), &bytes[3..8]);
        assert!(read_range(&file, 100_000, 0).unwrap().is_empty());
        // The file is shorter than the range (cut short since its length was taken): an error, never short bytes.
        assert_eq!(read_range(&file, 99_990, 20).unwrap_err().kind(), io::ErrorKind::UnexpectedEof);
    }
}
