// Assembles dist/extension/ (loadable unpacked in Chromium and Firefox) from
// extension/ and the wasm package in dist/pkg/, draws the icons, and writes
// dist/silbato-extension.zip for store submission. Nothing of ours is
// minified: reviewers and users can read what runs.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { zipSync } from 'fflate';
import { icon } from './icons.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/extension');
rmSync(out, { recursive: true, force: true });
cpSync(join(root, 'extension'), out, { recursive: true });
mkdirSync(join(out, 'core'), { recursive: true });
for (const f of ['silbato.js', 'silbato_bg.wasm', 'plan.js', 'gazetteer.bin', 'silbato_faces.js', 'silbato_faces_bg.wasm', 'face-model.bin', 'blazeface.onnx', 'blazeface-LICENSE']) {
  cpSync(join(root, 'dist/pkg', f), join(out, 'core', f));
}
// The link table compiled into the wasm module comes from these lists: their licences go with it.
for (const f of ['clearurls-LICENSE', 'brave-LICENSE', 'firefox-LICENSE']) cpSync(join(root, 'data/link-lists', f), join(out, 'core', `link-lists-${f}`));
for (const f of ['dom.js', 'faces.js', 'face-editor.js', 'face-editor.css']) cpSync(join(root, 'js', f), join(out, 'core', f));

// The tracker table (CC BY-NC-SA 4.0 data, never compiled into the code; see
// scripts/build-trackers.mjs) beside its licence, and tldts (MIT), which
// names a host's registrable domain from the Public Suffix List: the npm
// package's own published bundle, copied unchanged with its licence.
mkdirSync(join(out, 'data'), { recursive: true });
cpSync(join(root, 'build/trackers.json'), join(out, 'data/trackers.json'));
cpSync(join(root, 'build/trackers-LICENSE.txt'), join(out, 'data/trackers-LICENSE.txt'));
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(root, 'node_modules/tldts/dist/index.esm.min.js'), join(out, 'vendor/tldts.js'));
cpSync(join(root, 'node_modules/tldts/LICENSE'), join(out, 'vendor/tldts-LICENSE.txt'));

// The popup is opened often and must draw fast: its module and the two it
// imports become one file, so the browser reads one script instead of
// discovering its imports one after another. (Bundling the background the
// same way did not make it wake any faster, so it is left as it is.)
for (const entry of ['popup/popup.js']) {
  await esbuild.build({
    entryPoints: [join(out, entry)],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(out, entry),
    allowOverwrite: true,
    legalComments: 'inline',
    logLevel: 'warning',
  });
}

mkdirSync(join(out, 'icons'), { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(join(out, `icons/icon-${size}.png`), icon(size));

// The store package: every file of dist/extension, paths relative to it.
const files = {};
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files[relative(out, path)] = [readFileSync(path), { mtime: new Date('2026-01-01T00:00:00Z') }];
  }
};
walk(out);
writeFileSync(join(root, 'dist/silbato-extension.zip'), zipSync(files, { level: 9 }));
const size = (p) => statSync(join(root, p)).size;
console.log(`extension: dist/extension (${Object.keys(files).length} files), dist/silbato-extension.zip ${(size('dist/silbato-extension.zip') / 1024).toFixed(0)} KiB`);
