// The offline page's video path (finding, reviewing and covering faces in a
// video, with mediabunny: most of the page's code by size), loaded only when
// someone asks to cover faces in a video, so no visitor's phone parses it
// otherwise. scripts/build-www.mjs bundles it on its own: dist/www/video.js
// (in the service worker's list) and, in the single file, inert text run on
// demand (see loadVideo in app.js). It shares no state with the page.
export { coverVideo, findVideoFaces } from '../js/video-faces.js';
export { reviewVideoFaces, reviewWords } from '../js/faces-video-review.js';
