//! `redact --faces` on a video: Debian's `ffmpeg` decodes and encodes
//! through pipes; the core finds, follows and covers the faces.
//!
//! Two decodes of the same video, frame for frame the same (the same
//! command, planar 4:2:0 frames in a YUV4MPEG2 stream, upright):
//! 1. every frame is read and one in `step` (about four a second) is
//!    searched for faces, on every core; the sightings become tracks
//!    (`silbato::faces::track`), so a face is covered on the frames between
//!    searches, a little before it was first seen and after it was last;
//! 2. every frame is read again, its boxes filled with black in whole
//!    macroblocks, and written to a second `ffmpeg` that encodes H.264 at
//!    about the original's bit rate, with the sound copied unchanged (or
//!    left out) and no metadata; the result is then cleaned and verified by
//!    the core like any video.
//!
//! Memory stays bounded: a few frames at a time, whatever the length. Two
//! decodes cost less than keeping frames until the next search.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;

use silbato::faces::track::{Timeline, Timing, Tracker};
use silbato::faces::{cover::fill_yuv420, Detector, FaceBox, Region};
use silbato::{ErrorKind, Format};

use super::{file_error, io_error, FileError};

/// Faces are looked for on about this many frames a second.
pub const SEARCHES_PER_SECOND: f64 = 4.0;
/// One searched frame in this many (about one a second) also gets the
/// crowd passes (faces from 24 px; about 0.5 s more for a 1080p frame on one
/// core): a crowd's faces move little, and tracks carry them between.
pub const CROWD_EVERY: u64 = 4;
/// Frames wider or taller than this are refused (8K is 7680).
pub const MAX_SIDE: u32 = 8192;
/// A YUV4MPEG2 header or frame line longer than this is not one.
const MAX_LINE: usize = 4096;

/// What was done to one video.
#[derive(Debug, Default, serde::Serialize)]
pub struct Covered {
    pub width: u32,
    pub height: u32,
    pub frames: u64,
    /// Frames searched for faces.
    pub searched: u64,
    /// Faces followed from frame to frame.
    pub tracks: usize,
    /// Frames with at least one box covered.
    pub frames_covered: u64,
    /// Whether the sound was kept.
    pub sound: bool,
    /// Where the time went: decoding and searching, then decoding,
    /// covering and encoding (seconds).
    pub search_seconds: f64,
    pub cover_seconds: f64,
}

/// What `ffprobe` says about the video stream.
#[derive(Debug, Default)]
struct Probe {
    /// Average frames a second, as a fraction (`30000/1001`).
    rate: Option<(u64, u64)>,
    bit_rate: Option<u64>,
    /// About how many frames (for progress only).
    frames: Option<u64>,
    has_sound: bool,
}

fn tool_error(tool: &str, e: &io::Error) -> FileError {
    if e.kind() == io::ErrorKind::NotFound {
        file_error(ErrorKind::Unsupported, format!("covering faces in a video needs {tool} (on Debian: apt install ffmpeg)"))
    } else {
        file_error(ErrorKind::Io, format!("{tool}: {e}"))
    }
}

fn probe(input: &Path) -> Result<Probe, FileError> {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-show_entries", "stream=codec_type,avg_frame_rate,bit_rate,nb_frames,duration", "-of", "json"])
        .arg(input)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| tool_error("ffprobe", &e))?;
    if !out.status.success() {
        return Err(file_error(ErrorKind::Malformed, format!("ffprobe cannot read it: {}", last_line(&out.stderr))));
    }
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| file_error(ErrorKind::Malformed, format!("ffprobe's answer: {e}")))?;
    let streams = json.get("streams").and_then(|s| s.as_array()).cloned().unwrap_or_default();
    let kind = |s: &serde_json::Value, k: &str| s.get("codec_type").and_then(|t| t.as_str()) == Some(k);
    let video = streams.iter().find(|s| kind(s, "video")).ok_or_else(|| file_error(ErrorKind::Unsupported, "no video stream".into()))?;
    let rate = video.get("avg_frame_rate").and_then(|r| r.as_str()).and_then(|r| {
        let (n, d) = r.split_once('/')?;
        let (n, d) = (n.parse::<u64>().ok()?, d.parse::<u64>().ok()?);
        (n > 0 && d > 0 && n / d < 1000).then_some((n, d))
    });
    let bit_rate = video.get("bit_rate").and_then(|b| b.as_str()).and_then(|b| b.parse::<u64>().ok()).filter(|&b| b > 0);
    // How many frames, for the progress bar only: as the file says, or its length times its rate.
    let number = |k: &str| video.get(k).and_then(|v| v.as_str()).and_then(|v| v.parse::<f64>().ok()).filter(|v| v.is_finite() && *v > 0.0);
    let frames = number("nb_frames").or_else(|| Some(number("duration")? * rate.map(|(n, d)| n as f64 / d as f64)?)).map(|f| f.round() as u64);
    Ok(Probe { rate, bit_rate, frames, has_sound: streams.iter().any(|s| kind(s, "audio")) })
}

fn last_line(stderr: &[u8]) -> String {
    String::from_utf8_lossy(stderr).lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim().to_string()
}

/// One `ffmpeg` decoding the first video stream to upright 4:2:0 frames.
/// Both passes run exactly this command, so their frames are the same.
fn decode(input: &Path) -> Result<(Child, Y4m<BufReader<ChildStdout>>), FileError> {
    let mut child = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-i"])
        .arg(input)
        .args(["-map", "0:v:0", "-an", "-sn", "-dn", "-fps_mode", "passthrough", "-pix_fmt", "yuv420p", "-f", "yuv4mpegpipe", "pipe:1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| tool_error("ffmpeg", &e))?;
    let Some(stdout) = child.stdout.take() else { return Err(file_error(ErrorKind::Io, "ffmpeg gave no output".into())) };
    match Y4m::open(BufReader::with_capacity(1 << 20, stdout)) {
        Ok(y4m) => Ok((child, y4m)),
        Err(e) => {
            Err(finished(child, "ffmpeg cannot decode it", Some(e)).err().unwrap_or_else(|| file_error(ErrorKind::Malformed, "no frames".into())))
        }
    }
}

/// Wait for `child`; an error if it failed (with its last message) or if `read` did.
fn finished(mut child: Child, what: &str, read: Option<FileError>) -> Result<(), FileError> {
    let mut stderr = Vec::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.by_ref().take(64 << 10).read_to_end(&mut stderr);
    }
    let status = child.wait().map_err(|e| io_error(&e))?;
    if !status.success() {
        return Err(file_error(ErrorKind::Malformed, format!("{what}: {}", last_line(&stderr))));
    }
    read.map_or(Ok(()), Err)
}

/// A YUV4MPEG2 stream of 8-bit 4:2:0 frames (what `ffmpeg -f yuv4mpegpipe` writes).
struct Y4m<R> {
    reader: R,
    width: u32,
    height: u32,
    /// The header's parameters after the size, as they came.
    params: Vec<String>,
}

impl<R: BufRead> Y4m<R> {
    fn open(mut reader: R) -> Result<Y4m<R>, FileError> {
        let line = read_line(&mut reader)?.ok_or_else(|| file_error(ErrorKind::Malformed, "no frames".into()))?;
        let mut words = line.split(' ');
        if words.next() != Some("YUV4MPEG2") {
            return Err(file_error(ErrorKind::Malformed, "the decoder's output is not YUV4MPEG2".into()));
        }
        let (mut width, mut height, mut params) = (0, 0, Vec::new());
        for w in words {
            match w.split_at_checked(1) {
                Some(("W", n)) => width = n.parse().unwrap_or(0),
                Some(("H", n)) => height = n.parse().unwrap_or(0),
                Some(("C", c)) if !matches!(c, "420" | "420jpeg" | "420mpeg2" | "420paldv") => {
                    return Err(file_error(ErrorKind::Unsupported, format!("frames in colour format {c}, not 8-bit 4:2:0")));
                }
                _ if !w.is_empty() => params.push(w.to_string()),
                _ => {}
            }
        }
        if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
            return Err(file_error(ErrorKind::LimitExceeded, format!("frames of {width}x{height} (at most {MAX_SIDE} a side)")));
        }
        Ok(Y4m { reader, width, height, params })
    }

    fn frame_len(&self) -> usize {
        let (w, h) = (self.width as usize, self.height as usize);
        w * h + 2 * w.div_ceil(2) * h.div_ceil(2)
    }

    /// The next frame into `buf`; `false` at the end.
    fn next(&mut self, buf: &mut Vec<u8>) -> Result<bool, FileError> {
        let Some(line) = read_line(&mut self.reader)? else { return Ok(false) };
        if !line.starts_with("FRAME") {
            return Err(file_error(ErrorKind::Malformed, "the decoder's output lost its frames".into()));
        }
        buf.resize(self.frame_len(), 0);
        self.reader.read_exact(buf).map_err(|e| file_error(ErrorKind::Truncated, format!("a frame cut short: {e}")))?;
        Ok(true)
    }

    /// The header to write for the encoder, at `rate` frames a second when known.
    fn header(&self, rate: Option<(u64, u64)>) -> String {
        let mut h = format!("YUV4MPEG2 W{} H{}", self.width, self.height);
        for p in &self.params {
            if !(rate.is_some() && p.starts_with('F')) {
                h.push(' ');
                h.push_str(p);
            }
        }
        if let Some((n, d)) = rate {
            h.push_str(&format!(" F{n}:{d}"));
        }
        h.push('\n');
        h
    }
}

/// A line up to `\n`, without it; `None` at the end of the stream.
fn read_line(reader: &mut impl BufRead) -> Result<Option<String>, FileError> {
    let mut line = Vec::new();
    let n = reader.by_ref().take(MAX_LINE as u64).read_until(b'\n', &mut line).map_err(|e| io_error(&e))?;
    if n == 0 {
        return Ok(None);
    }
    if line.pop() != Some(b'\n') {
        return Err(file_error(ErrorKind::Malformed, "a line of the decoder's output never ends".into()));
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

/// The luma plane of a frame as the grey photo the detector reads
/// (video's 16…235 stretched to 0…255).
fn gray(frame: &[u8], width: u32, height: u32) -> Option<image::GrayImage> {
    let luma = frame.get(..width as usize * height as usize)?;
    let full = luma.iter().map(|&y| ((i32::from(y) - 16).clamp(0, 219) * 255 / 219) as u8).collect();
    image::GrayImage::from_raw(width, height, full)
}

/// How the video is written.
pub struct Settings<'a> {
    /// Also covered on every frame, in the upright frame's pixels.
    pub boxes: &'a [Region],
    pub keep_sound: bool,
    /// The container to write (`mp4`, `mov` or `3gp`, as the original).
    pub format: Format,
    /// Threads searching frames at once.
    pub threads: usize,
    /// Told how far the work has got, frame by frame: the pass
    /// (`Pass::Search`, then `Pass::Cover`), frames done in it and about how
    /// many there are.
    pub progress: &'a (dyn Fn(Pass, u64, Option<u64>) + Sync),
}

/// The two passes over a video's frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    Search,
    Cover,
}

/// Cover the faces of `input` (when `detector` gives detectors) and the
/// `boxes`, writing the encoded video to `output` (not yet cleaned).
pub fn cover(
    input: &Path,
    output: &Path,
    settings: &Settings,
    detector: Option<&(dyn Fn() -> Result<Detector, silbato::Error> + Sync)>,
) -> Result<Covered, FileError> {
    let probe = probe(input)?;
    let step = probe.rate.map_or(8, |(n, d)| ((n as f64 / d as f64) / SEARCHES_PER_SECOND).round().max(1.0) as u64);
    let timing = Timing::for_step(step);
    let started = std::time::Instant::now();

    // 1. Every frame read, one in `step` searched, on every core.
    let (frames, searched, timeline, width, height) = {
        let (child, mut y4m) = decode(input)?;
        let (w, h) = (y4m.width, y4m.height);
        let mut sightings: Vec<(u64, Vec<Region>)> = Vec::new();
        let mut frames = 0u64;
        let threads = if detector.is_some() { settings.threads.max(1) } else { 0 };
        // At most `threads` frames wait to be searched: memory stays bounded.
        let (send, work) = mpsc::sync_channel::<(u64, image::GrayImage, bool)>(threads);
        let work = std::sync::Mutex::new(work);
        let (found_send, found) = mpsc::channel::<(u64, Vec<Region>)>();
        // Each thread loads its own detector (it cannot move between threads)
        // and says whether it did before any frame is read, so a model that
        // will not load is an error, never a reader left waiting.
        let (ready_send, ready) = mpsc::channel::<Result<(), FileError>>();
        let read: Result<(), FileError> = std::thread::scope(|scope| {
            for _ in 0..threads {
                let (work, found_send, ready_send) = (&work, found_send.clone(), ready_send.clone());
                let Some(make) = detector else { break };
                scope.spawn(move || {
                    let mut d = match make() {
                        Ok(d) => d,
                        Err(e) => {
                            let _ = ready_send.send(Err(silbato::report::ErrorReport::from(&e)));
                            return;
                        }
                    };
                    let _ = ready_send.send(Ok(()));
                    loop {
                        let next = work.lock().ok().and_then(|w| w.recv().ok());
                        let Some((frame, photo, crowd)) = next else { break };
                        let boxes = d.detect_frame(photo, crowd).into_iter().map(|f| f.region).collect();
                        if found_send.send((frame, boxes)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop((found_send, ready_send));
            let mut buf = Vec::new();
            let result = (|| {
                for loaded in ready.iter().take(threads) {
                    loaded?;
                }
                while y4m.next(&mut buf)? {
                    (settings.progress)(Pass::Search, frames, probe.frames);
                    if threads > 0 && frames.is_multiple_of(step) {
                        let photo = gray(&buf, w, h).ok_or_else(|| file_error(ErrorKind::Malformed, "a frame of the wrong size".into()))?;
                        let crowd = (frames / step).is_multiple_of(CROWD_EVERY);
                        send.send((frames, photo, crowd)).map_err(|_| file_error(ErrorKind::Io, "the face search stopped".into()))?;
                    }
                    frames += 1;
                }
                Ok(())
            })();
            drop(send);
            sightings.extend(found);
            result
        });
        finished(child, "ffmpeg cannot decode it", read.err())?;
        sightings.sort_by_key(|s| s.0);
        let searched = sightings.len() as u64;
        let mut tracker = Tracker::new(timing);
        for (frame, boxes) in &sightings {
            tracker.add(*frame, boxes);
        }
        (frames, searched, Timeline::new(tracker.tracks(), timing, frames), w, h)
    };
    if frames == 0 {
        return Err(file_error(ErrorKind::Malformed, "the video has no frames".into()));
    }

    let search_seconds = started.elapsed().as_secs_f64();

    // 2. Every frame again, covered, to the encoder.
    let keep_sound = settings.keep_sound && probe.has_sound;
    let mut encoder = encode(input, output, &probe, settings, keep_sound)?;
    let (decoder, mut y4m) = decode(input)?;
    if (y4m.width, y4m.height) != (width, height) {
        return Err(file_error(ErrorKind::Malformed, "the video decoded differently twice".into()));
    }
    let mut frames_covered = 0u64;
    let written: Result<(), FileError> = (|| {
        let stdin = encoder.stdin.as_mut().ok_or_else(|| file_error(ErrorKind::Io, "the encoder takes no input".into()))?;
        let mut sink = io::BufWriter::with_capacity(1 << 20, stdin);
        let broken = |e: io::Error| file_error(ErrorKind::Io, format!("the encoder stopped: {e}"));
        sink.write_all(y4m.header(probe.rate).as_bytes()).map_err(broken)?;
        let mut buf = Vec::new();
        let mut n = 0u64;
        while y4m.next(&mut buf)? {
            let faces = timeline.boxes(n).into_iter().filter_map(|region| FaceBox { region, score: 0.0 }.covering(width, height));
            let mut any = false;
            for r in faces.chain(settings.boxes.iter().copied()) {
                any |= fill_yuv420(&mut buf, width, height, r).map_err(|e| silbato::report::ErrorReport::from(&e))?.is_some();
            }
            frames_covered += u64::from(any);
            sink.write_all(b"FRAME\n").and_then(|()| sink.write_all(&buf)).map_err(broken)?;
            n += 1;
            (settings.progress)(Pass::Cover, n, Some(frames));
        }
        sink.flush().map_err(broken)?;
        if n != frames {
            return Err(file_error(ErrorKind::Malformed, format!("the video decoded differently twice ({frames} frames, then {n})")));
        }
        Ok(())
    })();
    drop(encoder.stdin.take());
    let decoded = finished(decoder, "ffmpeg cannot decode it", None);
    finished(encoder, "ffmpeg cannot encode it", written.err())?;
    decoded?;
    Ok(Covered {
        width,
        height,
        frames,
        searched,
        tracks: timeline.tracks().len(),
        frames_covered,
        sound: keep_sound,
        search_seconds,
        cover_seconds: started.elapsed().as_secs_f64() - search_seconds,
    })
}

/// The encoder: frames from our pipe, the sound (if kept) from the
/// original, H.264 at about the original's bit rate, nothing else.
fn encode(input: &Path, output: &Path, probe: &Probe, settings: &Settings, keep_sound: bool) -> Result<Child, FileError> {
    let mut cmd = Command::new("ffmpeg");
    cmd.args(["-nostdin", "-v", "error", "-y", "-f", "yuv4mpegpipe", "-i", "pipe:0"]);
    if keep_sound {
        cmd.arg("-i").arg(input).args(["-map", "0:v:0", "-map", "1:a", "-c:a", "copy"]);
    } else {
        cmd.args(["-map", "0:v:0", "-an"]);
    }
    cmd.args(["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]);
    match probe.bit_rate {
        Some(b) => cmd.args(["-b:v", &b.to_string(), "-maxrate", &(b * 3 / 2).to_string(), "-bufsize", &(b * 2).to_string()]),
        None => cmd.args(["-crf", "20"]),
    };
    let container = match settings.format {
        Format::Mov => "mov",
        Format::ThreeGp => "3gp",
        _ => "mp4",
    };
    cmd.args(["-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact"])
        .args(["-movflags", "+faststart", "-f", container])
        .arg(output)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd.spawn().map_err(|e| tool_error("ffmpeg", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuv4mpeg2_frames_are_read_and_the_header_rewritten() {
        let mut stream = b"YUV4MPEG2 W4 H2 F25:1 Ip A1:1 C420jpeg XYSCSS=420JPEG\n".to_vec();
        for k in 0..2u8 {
            stream.extend_from_slice(b"FRAME\n");
            stream.extend(std::iter::repeat_n(k, 4 * 2 + 2 * 2));
        }
        let mut y4m = Y4m::open(&stream[..]).expect("a header");
        assert_eq!((y4m.width, y4m.height, y4m.frame_len()), (4, 2, 12));
        let mut buf = Vec::new();
        assert!(y4m.next(&mut buf).expect("frame 0") && buf == vec![0; 12]);
        assert!(y4m.next(&mut buf).expect("frame 1") && buf == vec![1; 12]);
        assert!(!y4m.next(&mut buf).expect("the end"));
        assert_eq!(y4m.header(Some((30000, 1001))), "YUV4MPEG2 W4 H2 Ip A1:1 C420jpeg XYSCSS=420JPEG F30000:1001\n");
    }

    #[test]
    fn other_streams_are_errors_not_guesses() {
        assert!(Y4m::open(&b"YUV4MPEG2 W4 H2 C444\n"[..]).is_err());
        assert!(Y4m::open(&b"YUV4MPEG2 W4 H2 C420p10\n"[..]).is_err());
        assert!(Y4m::open(&b"YUV4MPEG2 W99999 H2\n"[..]).is_err());
        assert!(Y4m::open(&b"RIFF"[..]).is_err());
        assert!(Y4m::open(&b""[..]).is_err());
        let mut cut = Y4m::open(&b"YUV4MPEG2 W4 H2\nFRAME\n\x00\x00"[..]).expect("a header");
        assert!(cut.next(&mut Vec::new()).is_err());
        let stream = [b"YUV4MPEG2 W4 H2\n".as_slice(), &[b'x'; 10_000]].concat();
        let mut endless = Y4m::open(&stream[..]).expect("a header");
        assert!(endless.next(&mut Vec::new()).is_err());
    }
}
