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
import { ALL_FORMATS, BlobSource, Conversion, EncodedPacketSink, Input, Mp4OutputFormat, Output, StreamTarget, VideoSample, VideoSampleSink } from 'mediabunny';
import { SilbatoError } from './errors.js';

/** Frames are searched for faces on this long side at most (tiles still find small faces). */
export const SEARCH_SIDE = 960;
/**
 * Frames searched for each second of video: the search is what costs (about
 * 1.3 s a frame at 960 px on one core of a 2-core laptop, nearly all of it
 * BlazeFace); between searched frames faces are tracked (faces-track.js).
 */
export const SEARCHES_PER_SECOND = 4;
/**
 * One searched frame in this many (about one a second) is also searched at
 * full size by the crowd passes alone (faces from 24 px, where the search
 * at SEARCH_SIDE finds them from about 24 px of its own, 48 px of a 1080p
 * frame); tracks carry a crowd's faces between (as the CLI does).
 */
export const CROWD_EVERY = 4;
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
export async function findVideoFaces(file, { detect, crowd, perSecond = SEARCHES_PER_SECOND, concurrency = 1, signal, progress }) {
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
    // Every frame's timestamp from the sample table (frames come out of the decoder with their packet's), in
    // presentation order; only the searched frames are handed over decoded: mediabunny closes the others as they
    // come out and stops decoding while a few searched frames wait, where a frame-by-frame loop waiting on the
    // search leaves dozens of decoded 1080p frames queued (and Chromium's decoder keeps a buffer for each).
    const timestamps = [];
    for await (const packet of new EncodedPacketSink(track).packets(undefined, undefined, { metadataOnly: true })) timestamps.push(packet.timestamp);
    timestamps.sort((a, b) => a - b);
    const wanted = timestamps.filter((_, i) => i % step === 0);
    const canvas = new OffscreenCanvas(Math.round(width * k), Math.round(height * k));
    const ctx = canvas.getContext('2d', { alpha: false });
    // One searched frame in CROWD_EVERY is also searched at full size for a crowd's small faces.
    const full = crowd && k < 1 ? new OffscreenCanvas(width, height) : null;
    const stored = storedFrame();
    const previewOf = previews();
    const searched = [];
    const started = performance.now();
    // `concurrency` searches in flight (one per faces worker): the frame is
    // copied out as a JPEG first, so decoding goes on meanwhile.
    const inflight = [];
    let at = 0;
    for await (const sample of new VideoSampleSink(track, { optimizeForLatency: true }).samplesAtTimestamps(wanted)) {
      const frame = at;
      at += step;
      if (!sample) continue; // nothing decodable at that time
      const crowded = full && (frame / step) % CROWD_EVERY === 0;
      try {
        if (signal?.aborted) throw aborted();
        const decoded = await stored(sample);
        drawUpright(ctx, decoded, sample.rotation, sample.flip);
        if (crowded) drawUpright(full.getContext('2d', { alpha: false }), decoded, sample.rotation, sample.flip);
      } finally {
        sample.close(); // the decoder's frame back before the search is waited for
      }
      const [picture, preview, whole] = await Promise.all([jpeg(canvas, 0.92), previewOf(canvas), crowded ? jpeg(full, 0.92) : null]);
      const entry = { frame, timestamp: timestamps[frame], boxes: [], crowd: [], preview };
      searched.push(entry);
      if (whole) {
        const searching = crowd(whole).then((found) => {
          entry.crowd = found.covering;
        });
        searching.catch(() => {});
        inflight.push(searching);
      }
      const search = detect(picture).then((found) => {
        entry.boxes = found.covering.map((r) => ({ x: r.x / k, y: r.y / k, width: r.width / k, height: r.height / k }));
        progress?.({ done: frame + 1, of, secondsLeft: timeLeft(started, frame + 1, of), found: searched.filter((s) => s.boxes.length).length });
      });
      search.catch(() => {}); // awaited below; not "unhandled" if the loop stops first
      inflight.push(search);
      while (inflight.length >= concurrency) await inflight.shift();
    }
    await Promise.all(inflight);
    // The crowd's small faces join the faces found on the scaled-down frame (a face both found is kept once).
    for (const entry of searched) {
      entry.boxes = withCrowd(entry.boxes, entry.crowd);
      delete entry.crowd;
    }
    stored.release();
    canvas.width = canvas.height = 0;
    if (full) full.width = full.height = 0;
    const hasSound = Boolean(await input.getPrimaryAudioTrack());
    return { width, height, frames: timestamps.length, timestamps, searched, step, bitrate: stats.averageBitrate, hasSound };
  } finally {
    input.dispose?.();
  }
}

/**
 * A decoded frame's pixels as 8-bit RGBA, in one buffer reused from frame
 * to frame. Drawing a VideoFrame on a canvas would be simpler, but Chromium
 * converts it through its cache of decoded images, in shared memory it does
 * not give back: about 500 MB of 1080p frames whatever the video's length
 * (measured in scripts/bench-video-faces.mjs); copyTo converts into ours.
 */
function rgbaOf() {
  let rgba = null;
  return async (sample) => {
    const size = sample.allocationSize({ format: 'RGBA' });
    if (rgba?.length !== size) rgba = new Uint8ClampedArray(size);
    await sample.copyTo(rgba, { format: 'RGBA', colorSpace: 'srgb' });
    return { rgba, width: sample.visibleRect.width, height: sample.visibleRect.height };
  };
}

/**
 * A decoded frame on a canvas as it is stored (before its rotation), by way
 * of rgbaOf. `release()` gives the canvas's pixels back at once rather than
 * when the collector gets to them (about 20 MB at 1080p, which covering needs).
 */
function storedFrame() {
  let rgba = rgbaOf();
  let canvas = null;
  const stored = async (sample) => {
    const pixels = await rgba(sample);
    if (canvas?.width !== pixels.width || canvas?.height !== pixels.height) canvas = new OffscreenCanvas(pixels.width, pixels.height);
    canvas.getContext('2d').putImageData(new ImageData(pixels.rgba, pixels.width, pixels.height), 0, 0);
    return canvas;
  };
  stored.release = () => {
    if (canvas) canvas.width = canvas.height = 0;
    canvas = null;
    rgba = rgbaOf();
  };
  return stored;
}

/** `source` (a frame as stored) stretched over `ctx`'s canvas upright: turned by `rotation`, then mirrored if `flip` (as mediabunny's drawWithFit). */
function drawUpright(ctx, source, rotation = 0, flip = false) {
  const { width, height } = ctx.canvas;
  ctx.save();
  ctx.translate(width / 2, height / 2);
  if (flip) ctx.scale(-1, 1);
  ctx.rotate((rotation * Math.PI) / 180);
  const turned = rotation % 180 === 0 ? 1 : width / height;
  ctx.scale(1 / turned, turned);
  ctx.translate(-width / 2, -height / 2);
  ctx.drawImage(source, 0, 0, width, height);
  ctx.restore();
}

/** Small JPEGs of searched frames, for the review, drawn on one canvas. */
function previews() {
  let small = null;
  return (canvas) => {
    const k = Math.min(1, PREVIEW_SIDE / Math.max(canvas.width, canvas.height));
    small ??= new OffscreenCanvas(Math.round(canvas.width * k), Math.round(canvas.height * k));
    small.getContext('2d').drawImage(canvas, 0, 0, small.width, small.height);
    return jpeg(small, 0.8);
  };
}

/** `boxes` and those of `crowd` that are not the same face as one of them (overlapping by a third, or one inside the other). */
export function withCrowd(boxes, crowd) {
  const inter = (a, b) => Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const same = (a, b) => {
    const i = inter(a, b);
    const small = Math.min(a.width * a.height, b.width * b.height);
    return i >= (a.width * a.height + b.width * b.height - i) / 3 || i >= 0.7 * small;
  };
  return [...boxes, ...crowd.filter((c) => !boxes.some((b) => same(b, c)))];
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
 * A new VideoFrame of `sample` (upright, `width` by `height` as the boxes
 * count) with `boxes` filled black. 4:2:0 frames (what H.264 and HEVC
 * decoders give) are copied and filled as they are, in whole 2x2 blocks so
 * that no chroma sample mixes the fill with the face: a third of the bytes
 * of RGBA, and the encoder converts nothing. Other formats go through RGBA.
 * Each new frame owns its copy, so one buffer serves every frame.
 */
function frameCoverer() {
  let yuv = null;
  const rgba = rgbaOf();
  return (sample, boxes, width, height) => coveredFrame(sample, boxes, width, height, (size) => (yuv = yuv?.length === size ? yuv : new Uint8Array(size)), rgba);
}

async function coveredFrame(sample, boxes, width, height, buffer, rgba) {
  const timing = { timestamp: Math.round(sample.timestamp * 1e6), duration: Math.round(sample.duration * 1e6) };
  const { format } = sample;
  if (format === 'I420' || format === 'NV12') {
    const { width: w, height: h } = sample.visibleRect;
    const yuv = buffer(sample.allocationSize());
    const layout = await sample.copyTo(yuv);
    const { primaries, transfer, matrix, fullRange } = sample.colorSpace;
    const black = fullRange ? 0 : 16;
    for (const b of boxes) {
      const x0 = Math.max(0, Math.floor((b.x * w) / width / 2) * 2);
      const x1 = Math.min(w, Math.ceil(((b.x + b.width) * w) / width / 2) * 2);
      const y0 = Math.max(0, Math.floor((b.y * h) / height / 2) * 2);
      const y1 = Math.min(h, Math.ceil(((b.y + b.height) * h) / height / 2) * 2);
      if (x1 <= x0 || y1 <= y0) continue;
      for (let y = y0; y < y1; y++) yuv.fill(black, layout[0].offset + y * layout[0].stride + x0, layout[0].offset + y * layout[0].stride + x1);
      // Chroma at half resolution: U and V planes (I420) or one plane of U,V pairs (NV12); 128 is no colour.
      const [from, to] = format === 'I420' ? [x0 / 2, x1 / 2] : [x0, x1];
      for (const plane of layout.slice(1)) {
        for (let y = y0 / 2; y < y1 / 2; y++) yuv.fill(128, plane.offset + y * plane.stride + from, plane.offset + y * plane.stride + to);
      }
    }
    return new VideoFrame(yuv, { format, codedWidth: w, codedHeight: h, layout, colorSpace: { primaries, transfer, matrix, fullRange }, ...timing });
  }
  const pixels = await rgba(sample);
  const words = new Uint32Array(pixels.rgba.buffer, pixels.rgba.byteOffset, pixels.width * pixels.height);
  const opaqueBlack = new Uint32Array(new Uint8ClampedArray([0, 0, 0, 255]).buffer)[0];
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor((b.x * pixels.width) / width));
    const x1 = Math.min(pixels.width, Math.ceil(((b.x + b.width) * pixels.width) / width));
    const y0 = Math.max(0, Math.floor((b.y * pixels.height) / height));
    const y1 = Math.min(pixels.height, Math.ceil(((b.y + b.height) * pixels.height) / height));
    for (let y = y0; y < y1; y++) words.fill(opaqueBlack, y * pixels.width + x0, y * pixels.width + x1);
  }
  // Opaque: nothing for the encoder to keep of an alpha channel.
  return new VideoFrame(pixels.rgba, { format: 'RGBX', codedWidth: pixels.width, codedHeight: pixels.height, ...timing });
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
  const of = timestamps.length;
  const cover = frameCoverer();
  let canvas = null; // only for a frame that comes rotated (mediabunny turns them upright before `process`)
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
      process: async (sample) => {
        // Counted from the first frame: the conversion may start its clock at 0 where the file's starts later.
        first ??= sample.timestamp;
        const frame = frameAt(timestamps, timestamps[0] + (sample.timestamp - first));
        done++;
        if (done % 5 === 0) progress?.({ done, of, secondsLeft: timeLeft(started, done, of) });
        if (sample.rotation || sample.flip) {
          canvas ??= new OffscreenCanvas(width, height);
          const ctx = canvas.getContext('2d', { alpha: false });
          sample.draw(ctx, 0, 0, width, height);
          ctx.fillStyle = '#000';
          for (const b of boxes[frame] || []) ctx.fillRect(b.x, b.y, b.width, b.height);
          return canvas;
        }
        return new VideoSample(await cover(sample, boxes[frame] || [], width, height), { timestamp: sample.timestamp, duration: sample.duration });
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
