// Assembles dist/extension/ (loadable unpacked in Chromium and Firefox) from
// extension/, js/ and the wasm packages in dist/pkg/, draws the icons, and
// writes dist/silbato-extension.zip for store submission.
//
// Every context is one esbuild entry (ENTRIES): the file and what it imports
// become one script, so source files import each other by their real paths
// and content scripts share nothing through globals. Nothing is minified
// (reviewers and users read the code); each bundle links a source map whose
// sources are the repository's own files (kept out of the store package).
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { zipSync } from 'fflate';
import { loadCoreSync, trackerTableBytes } from '../js/core.js';
import { icon } from './icons.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'extension');
const out = join(root, 'dist/extension');

/** Each context's entry: module scripts (pages, background) and classic ones (content scripts, the popup's first script). */
export const ENTRIES = {
  esm: ['background.js', 'cleaner/cleaner.js', 'editor/editor.js', 'editor/video.js', 'editor/faces-worker.js', 'popup/popup.js', 'options/options.js'],
  iife: ['content/content.js', 'content/page-world.js', 'popup/ask.js'],
};

rmSync(out, { recursive: true, force: true });
// Everything but the JavaScript sources, which reach dist/ only bundled.
cpSync(src, out, { recursive: true, filter: (path) => !path.endsWith('.js') });
// The words: the one set of message files, which the offline page shares.
cpSync(join(root, 'locales'), join(out, '_locales'), { recursive: true });

// The wasm packages' binaries and data, which the cleaner frame, the editor
// and the background load at run time.
mkdirSync(join(out, 'core'), { recursive: true });
for (const f of ['silbato_bg.wasm', 'gazetteer.bin', 'silbato_faces_bg.wasm', 'face-model.bin', 'blazeface.onnx', 'blazeface-LICENSE']) {
  cpSync(join(root, 'dist/pkg', f), join(out, 'core', f));
}
cpSync(join(root, 'js/face-editor.css'), join(out, 'core/face-editor.css'));
// The link table compiled into the wasm module comes from these lists: their licences go with it.
for (const f of ['clearurls-LICENSE', 'brave-LICENSE', 'firefox-LICENSE']) cpSync(join(root, 'data/link-lists', f), join(out, 'core', `link-lists-${f}`));

// The tracker table (CC BY-NC-SA 4.0 data, never compiled into the code; see
// scripts/build-trackers.mjs) beside its licence, and the licence of tldts
// (MIT), whose published bundle the background imports.
// The extension ships the table in the core's compact binary form
// (trackers.bin, written by the core itself from the JSON), which the popup
// and the background read in place with js/tracker-table.js.
mkdirSync(join(out, 'data'), { recursive: true });
loadCoreSync(readFileSync(join(root, 'dist/pkg/silbato_bg.wasm')));
writeFileSync(join(out, 'data/trackers.bin'), trackerTableBytes(readFileSync(join(root, 'build/trackers.json'))));
cpSync(join(root, 'build/trackers-LICENSE.txt'), join(out, 'data/trackers-LICENSE.txt'));
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(root, 'node_modules/tldts/LICENSE'), join(out, 'vendor/tldts-LICENSE.txt'));

for (const [format, entries] of Object.entries(ENTRIES)) {
  await esbuild.build({
    entryPoints: entries.map((e) => join(src, e)),
    outdir: out,
    outbase: src,
    bundle: true,
    format,
    target: 'es2022',
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'inline',
    logLevel: 'warning',
    // Modules are strict; classic bundles must stay so.
    banner: format === 'iife' ? { js: '"use strict";' } : {},
  });
}

mkdirSync(join(out, 'icons'), { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(join(out, `icons/icon-${size}.png`), icon(size));

// The store package: every file of dist/extension but the source maps, paths relative to it.
const files = {};
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (!name.endsWith('.map')) files[relative(out, path)] = [readFileSync(path), { mtime: new Date('2026-01-01T00:00:00Z') }];
  }
};
walk(out);
writeFileSync(join(root, 'dist/silbato-extension.zip'), zipSync(files, { level: 9 }));
const size = (p) => statSync(join(root, p)).size;
console.log(`extension: dist/extension (${Object.keys(files).length} files), dist/silbato-extension.zip ${(size('dist/silbato-extension.zip') / 1024).toFixed(0)} KiB`);
