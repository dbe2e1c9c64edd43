// Builds the offline page two ways:
//   dist/www/          an installable page: www/ plus the wasm package, the
//                      town table and icons, with a service
//                      worker that caches every file (its list written here);
//   dist/silbato.html  one self-contained file that opens from disk: the code
//                      bundled by esbuild into one inline module, the wasm and
//                      the town table, the faces package and the face model
//                      (deflated) inlined as base64, since
//                      browsers refuse to load a separate wasm file from file://.
// The video path (www/video.js, mostly mediabunny) is bundled on its own in
// both: dist/www/video.js, fetched from the page's own files when someone
// covers a video; in the single file, inert text (type text/plain) run as an
// inline script only then, which the file's policy ('unsafe-inline') allows
// without opening script-src to blob: or data: URLs.
// Nothing of ours is minified.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { icon } from './icons.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'www');
const out = join(root, 'dist/www');
rmSync(out, { recursive: true, force: true });
// Everything but the JavaScript modules, which reach dist/ only bundled (the
// service worker is a classic script of its own, completed below).
cpSync(src, out, { recursive: true, filter: (path) => !path.endsWith('.js') || path.endsWith('sw.js') });
mkdirSync(join(out, 'core'), { recursive: true });
for (const f of ['silbato_bg.wasm', 'gazetteer.bin', 'silbato_faces_bg.wasm', 'face-model.bin', 'blazeface.onnx', 'blazeface-LICENSE']) {
  cpSync(join(root, 'dist/pkg', f), join(out, 'core', f));
}
// The link table compiled into the wasm module comes from these lists: their licences go with it.
for (const f of ['clearurls-LICENSE', 'brave-LICENSE', 'firefox-LICENSE']) cpSync(join(root, 'data/link-lists', f), join(out, 'core', `link-lists-${f}`));
// The page, its faces worker and its video path, each one module with what
// it imports (app.js imports video.js by a built URL, which esbuild leaves
// alone; video.js shares no state with the page, so nothing is split out).
await esbuild.build({
  entryPoints: [join(src, 'app.js'), join(src, 'faces-worker.js'), join(src, 'video.js')],
  outdir: out,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'inline',
  logLevel: 'warning',
});
// The face editor's styles follow the page's.
writeFileSync(join(out, 'app.css'), readFileSync(join(src, 'app.css'), 'utf8') + readFileSync(join(root, 'js/face-editor.css'), 'utf8'));
mkdirSync(join(out, 'icons'), { recursive: true });
for (const size of [32, 48, 128, 192, 512]) writeFileSync(join(out, `icons/icon-${size}.png`), icon(size));

// The manifest keeps the page installable and a share target: every icon it
// lists is built, and start_url and the share target's action lie inside its
// scope (a browser ignores a share target outside it). Checked here so that a
// broken manifest never ships.
{
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.webmanifest'), 'utf8'));
  const at = new URL('https://silbato.invalid/www/manifest.webmanifest');
  const scope = new URL(manifest.scope, at).href;
  const problems = [];
  for (const i of manifest.icons) if (!existsSync(join(out, i.src))) problems.push(`icon ${i.src} is not built`);
  if (!manifest.icons.some((i) => i.sizes === '192x192') || !manifest.icons.some((i) => i.sizes === '512x512')) problems.push('icons of 192 and 512 pixels are needed to install');
  const share = manifest.share_target;
  if (!share || share.method !== 'POST' || share.enctype !== 'multipart/form-data' || !share.params?.files?.length) problems.push('share_target must take files by a multipart POST');
  for (const [what, url] of [['start_url', manifest.start_url], ['share_target.action', share?.action]]) {
    if (!url || !new URL(url, at).href.startsWith(scope)) problems.push(`${what} ${url} is outside the scope ${manifest.scope}`);
  }
  if (problems.length) throw new Error(`www/manifest.webmanifest: ${problems.join('; ')}`);
}

// The service worker's list: every file, and a version that changes with them.
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name !== 'sw.js' && !name.endsWith('.map')) files.push(relative(out, path));
  }
};
walk(out);
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(out, f)));
const version = `silbato-${hash.digest('hex').slice(0, 16)}`;
const sw = readFileSync(join(out, 'sw.js'), 'utf8')
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace('__FILES__', JSON.stringify(['./', ...files.map((f) => `./${f}`)], null, 2));
writeFileSync(join(out, 'sw.js'), sw);

// The single file.
const bundle = await esbuild.build({
  entryPoints: [join(src, 'app.js')],
  bundle: true,
  format: 'esm',
  write: false,
  minify: false,
  legalComments: 'inline',
  logLevel: 'error',
});
const code = bundle.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
// The video path as a classic script that leaves its exports in one global.
const videoBundle = await esbuild.build({
  entryPoints: [join(src, 'video.js')],
  bundle: true,
  format: 'iife',
  globalName: 'SILBATO_VIDEO',
  target: 'es2022',
  write: false,
  minify: false,
  legalComments: 'inline',
  logLevel: 'warning',
});
const videoCode = videoBundle.outputFiles[0].text.replace(/<\/script/gi, '<\\/script');
const wasm = readFileSync(join(out, 'core/silbato_bg.wasm')).toString('base64');
const towns = deflateSync(readFileSync(join(out, 'core/gazetteer.bin')), { level: 9 }).toString('base64');
const facesWasm = deflateSync(readFileSync(join(out, 'core/silbato_faces_bg.wasm')), { level: 9 }).toString('base64');
const faceModel = deflateSync(readFileSync(join(out, 'core/face-model.bin')), { level: 9 }).toString('base64');
const blazeModel = deflateSync(readFileSync(join(out, 'core/blazeface.onnx')), { level: 9 }).toString('base64');
const boot = `
const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const inflated = async (id) => new Uint8Array(await new Response(new Blob([b64(document.getElementById(id).textContent)]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
globalThis.SILBATO_INLINE = {
  wasm: () => b64(document.getElementById('silbato-wasm').textContent),
  gazetteer: () => inflated('silbato-towns'),
  faces: (() => {
    let both = null;
    return () => (both ??= Promise.all([inflated('silbato-faces-wasm'), inflated('silbato-face-model'), inflated('silbato-blazeface')]).then(([wasm, model, blazeface]) => ({ wasm, model, blazeface })));
  })(),
  // The video path, parsed and run only when first asked for.
  video: async () => {
    if (!globalThis.SILBATO_VIDEO) {
      const run = document.createElement('script');
      run.textContent = document.getElementById('silbato-video').textContent;
      document.head.append(run);
      run.remove();
    }
    return globalThis.SILBATO_VIDEO;
  },
};`;
const css = readFileSync(join(out, 'app.css'), 'utf8');
const html = readFileSync(join(out, 'index.html'), 'utf8')
  // No network at all from the single file: connect-src 'none'.
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src blob: data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'">`)
  .replace('<link rel="manifest" href="manifest.webmanifest">\n', '')
  .replace(/<link rel="icon"[^>]*>/, `<link rel="icon" href="data:image/png;base64,${icon(32).toString('base64')}">`)
  .replace('<link rel="stylesheet" href="app.css">', `<style>\n${css}</style>`)
  .replace('<script type="module" src="app.js"></script>', '')
  .replace('</body>', `<script type="application/octet-stream" id="silbato-wasm">${wasm}</script>
<script type="application/octet-stream" id="silbato-towns">${towns}</script>
<script type="application/octet-stream" id="silbato-faces-wasm">${facesWasm}</script>
<script type="application/octet-stream" id="silbato-face-model">${faceModel}</script>
<script type="application/octet-stream" id="silbato-blazeface">${blazeModel}</script>
<script type="text/plain" id="silbato-video">${videoCode}</script>
<script type="module">${boot}\n${code}</script>
</body>`);
writeFileSync(join(root, 'dist/silbato.html'), html);
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`www: dist/www (${files.length + 1} files, cache ${version}), dist/silbato.html ${kib(Buffer.byteLength(html))}`);
