// Faces in a video (MP4, MOV): found on one frame in every few, tracked
// between them (js/faces-track.js), and covered with a solid fill at the
// frame's full resolution in a new H.264 video. The npm package mediabunny
// (MPL-2.0) reads the file by range from the Blob (never the whole file in
// memory), decodes and encodes with the browser's WebCodecs and writes the
// MP4; the sound is copied unchanged or left out, as the person chooses.
// What comes out is a new file that the caller still cleans and verifies
// with the core like any other (it carries no metadata of the original:
// no tags are written).
//
//   findVideoFaces(file, { detect, perSecond, concurrency, signal, progress }) → found
//     `detect(blob)` is the photo protocol of js/faces.js (the searched
//     frame as a JPEG); `found` has the searched frames (with small
//     previews for the review), their boxes, and every frame's timestamp.
//   coverVideo(file, boxes, { keepSound, signal, progress }) → Blob
//     `boxes[i]` are frame i's boxes (faces-track.js boxesByFrame).
//
// Both report progress({ done, of, secondsLeft }) and stop with an
// AbortError when `signal` is aborted.
import { ALL_FORMATS, BlobSource, CanvasSink, Conversion, Input, Mp4OutputFormat, Output, StreamTarget } from 'mediabunny';
import { SilbatoError } from './errors.js';

/** Frames are searched for faces on this long side at most (tiles still find small faces). */
export const SEARCH_SIDE = 960;
/**
 * Frames searched for each second of video: the search is what costs (about
 * 1.3 s a frame at 960 px on one core of a 2-core laptop, nearly all of it
 * BlazeFace); between searched frames faces are tracked (faces-track.js).
 */
export const SEARCHES_PER_SECOND = 4;
/** The review's previews, on this long side. */
const PREVIEW_SIDE = 640;
/** A video longer than this many frames is refused (the boxes of every frame are kept in memory). */
export const MAX_FRAMES = 30 * 60 * 60;

const aborted = () => new DOMException('cancelled', 'AbortError');

/** The video track of `file`, or a SilbatoError saying why there is none this browser can decode. */
async function openVideo(file) {
  if (typeof VideoDecoder === 'undefined' || typeof VideoEncoder === 'undefined') {
    throw new SilbatoError({ kind: 'unsupported', format: null, message: 'this browser cannot decode or encode video (no WebCodecs)' });
  }
  const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
  let track;
  try {
    track = await input.getPrimaryVideoTrack();
  } catch (e) {
    throw new SilbatoError({ kind: 'malformed', format: null, message: `the video cannot be read (${e.message})` });
  }
  if (!track) throw new SilbatoError({ kind: 'unsupported', format: null, message: 'no video track' });
  if (!(await track.canDecode())) {
    throw Object.assign(new SilbatoError({ kind: 'unsupported', format: null, message: `this browser cannot decode ${track.codec || 'this'} video` }), { codec: track.codec || 'unknown' });
  }
  return { input, track };
}

/** Seconds left, from how far the work has got and how long it took. */
function timeLeft(started, done, of) {
  if (!done) return null;
  const spent = (performance.now() - started) / 1000;
  return Math.max(0, Math.round((spent / done) * (of - done)));
}

/** A canvas's pixels as a JPEG Blob (what the photo protocol reads). */
const jpeg = (canvas, quality) =>
  canvas.convertToBlob
    ? canvas.convertToBlob({ type: 'image/jpeg', quality })
    : new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));

/**
 * Search one frame in every `step` for faces. Returns { width, height,
 * frames, timestamps, searched: [{ frame, timestamp, boxes, preview }] },
 * boxes in the upright frame's full-resolution pixels.
 */
export async function findVideoFaces(file, { detect, perSecond = SEARCHES_PER_SECOND, concurrency = 1, signal, progress }) {
  const { input, track } = await openVideo(file);
  try {
    const width = track.displayWidth;
    const height = track.displayHeight;
    const stats = await track.computePacketStats();
    const of = stats.packetCount;
    if (of > MAX_FRAMES) throw new SilbatoError({ kind: 'limit_exceeded', format: null, message: `the video has more than ${MAX_FRAMES} frames` });
    // One frame in `step`: about `perSecond` searched frames a second of video, whatever its frame rate.
    const step = Math.max(1, Math.round((stats.averagePacketRate || 30) / perSecond));
    const k = Math.min(1, SEARCH_SIDE / Math.max(width, height));
    const sink = new CanvasSink(track, { width: Math.round(width * k), height: Math.round(height * k), fit: 'fill', poolSize: 2 });
    const timestamps = [];
    const searched = [];
    const started = performance.now();
    // `concurrency` searches in flight (one per faces worker): the frame is
    // copied out as a JPEG first, so decoding goes on meanwhile.
    const inflight = [];
    let frame = 0;
    for await (const { canvas, timestamp } of sink.canvases()) {
      if (signal?.aborted) throw aborted();
      timestamps.push(timestamp);
      if (frame % step === 0) {
        const [picture, preview] = await Promise.all([jpeg(canvas, 0.92), previewOf(canvas)]);
        const at = frame;
        const entry = { frame, timestamp, boxes: [], preview };
        searched.push(entry);
        const searching = detect(picture).then((found) => {
          entry.boxes = found.covering.map((r) => ({ x: r.x / k, y: r.y / k, width: r.width / k, height: r.height / k }));
          progress?.({ done: at + 1, of, secondsLeft: timeLeft(started, at + 1, of), found: searched.filter((s) => s.boxes.length).length });
        });
        searching.catch(() => {}); // awaited below; not "unhandled" if the loop stops first
        inflight.push(searching);
        if (inflight.length >= concurrency) await inflight.shift();
      }
      frame++;
    }
    await Promise.all(inflight);
    const hasSound = Boolean(await input.getPrimaryAudioTrack());
    return { width, height, frames: frame, timestamps, searched, step, bitrate: stats.averageBitrate, hasSound };
  } finally {
    input.dispose?.();
  }
}

/** A small JPEG of a searched frame, for the review. */
async function previewOf(canvas) {
  const k = Math.min(1, PREVIEW_SIDE / Math.max(canvas.width, canvas.height));
  const small = new OffscreenCanvas(Math.round(canvas.width * k), Math.round(canvas.height * k));
  small.getContext('2d').drawImage(canvas, 0, 0, small.width, small.height);
  return jpeg(small, 0.8);
}

/** The frame a timestamp belongs to (the last frame starting at or before it). */
export function frameAt(timestamps, t) {
  let lo = 0;
  let hi = timestamps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timestamps[mid] <= t + 1e-6) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Parts of the output as they are written: mediabunny writes the MP4 in
 * order and goes back only to patch a few header bytes, so the parts are
 * kept as Blobs (which browsers may keep on disk) and the patches applied
 * by slicing at the end.
 */
function blobWriter() {
  const parts = [];
  const patches = [];
  let end = 0;
  const writable = new WritableStream({
    write({ data, position }) {
      if (position === end) {
        parts.push(new Blob([data]));
        end += data.byteLength;
      } else if (position + data.byteLength <= end) {
        patches.push({ position, data: new Blob([data]) });
      } else {
        throw new Error(`unexpected write at ${position} of ${data.byteLength} bytes (end ${end})`);
      }
    },
  });
  const blob = () => {
    let out = new Blob(parts, { type: 'video/mp4' });
    for (const { position, data } of patches) out = new Blob([out.slice(0, position), data, out.slice(position + data.size)], { type: 'video/mp4' });
    return out;
  };
  return { writable, blob };
}

/**
 * Cover `boxes` (per frame, full-resolution upright pixels) with black in a
 * new MP4 (H.264 at about the original's bit rate). Returns the new file as
 * a Blob and what happened to the sound: { blob, sound: 'kept' | 'removed' | 'none' }.
 */
export async function coverVideo(file, boxes, { timestamps, keepSound = true, bitrate, signal, progress }) {
  const { input, track } = await openVideo(file);
  const { writable, blob } = blobWriter();
  const output = new Output({ format: new Mp4OutputFormat({ fastStart: false }), target: new StreamTarget(writable, { chunked: true, chunkSize: 4 << 20 }) });
  const audio = await input.getPrimaryAudioTrack();
  const width = track.displayWidth;
  const height = track.displayHeight;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { alpha: false });
  const of = timestamps.length;
  let done = 0;
  let first = null;
  const started = performance.now();
  const conversion = await Conversion.init({
    input,
    output,
    tags: {},
    showWarnings: false,
    video: {
      codec: 'avc',
      // Close to the original's (computed from its sample table), at least enough for faces' edges not to smear.
      bitrate: Math.max(1e6, Math.round(bitrate || 4e6)),
      forceTranscode: true,
      allowTransformationMetadata: false,
      processedWidth: width,
      processedHeight: height,
      process: (sample) => {
        // Counted from the first frame: the conversion may start its clock at 0 where the file's starts later.
        first ??= sample.timestamp;
        const frame = frameAt(timestamps, timestamps[0] + (sample.timestamp - first));
        sample.draw(ctx, 0, 0, width, height);
        ctx.fillStyle = '#000';
        for (const b of boxes[frame] || []) ctx.fillRect(b.x, b.y, b.width, b.height);
        done++;
        if (done % 5 === 0) progress?.({ done, of, secondsLeft: timeLeft(started, done, of) });
        return canvas;
      },
    },
    audio: keepSound ? { forceTranscode: false } : { discard: true },
  });
  if (!conversion.isValid) {
    const why = conversion.discardedTracks.map((d) => `${d.track.type}: ${d.reason}`).join(', ');
    throw new SilbatoError({ kind: 'unsupported', format: null, message: `this browser cannot write this video (${why})` });
  }
  // The sound must come through whole or not at all: never silently dropped.
  const soundDropped = keepSound && audio && conversion.discardedTracks.some((d) => d.track.type === 'audio');
  if (soundDropped) throw Object.assign(new SilbatoError({ kind: 'unsupported', format: null, message: 'the sound cannot be copied into the new video' }), { sound: true });
  const stop = () => conversion.cancel();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await conversion.execute();
  } catch (e) {
    if (signal?.aborted) throw aborted();
    throw e;
  } finally {
    signal?.removeEventListener('abort', stop);
    input.dispose?.();
  }
  if (signal?.aborted) throw aborted();
  progress?.({ done: of, of, secondsLeft: 0 });
  return { blob: blob(), sound: !audio ? 'none' : keepSound ? 'kept' : 'removed' };
}
