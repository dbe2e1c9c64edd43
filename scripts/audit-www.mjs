// Lighthouse's accessibility and best-practices audits of the offline page
// (issue 19), with Debian's Chromium, on the page served by the tests' local
// server and the browser's other traffic sent to their recording proxy.
// Lighthouse is large and not one of the project's dependencies: give its
// command in LIGHTHOUSE (e.g. after `npm install lighthouse` in a scratch
// directory), or have `lighthouse` on the PATH. Fails when a category
// scores below 1 or a weighted audit fails.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM_OWN } from '../tests/e2e/browser.mjs';
import { startRecordingProxy, startServer } from '../tests/e2e/server.mjs';

const lighthouse = process.env.LIGHTHOUSE || 'lighthouse';
const dir = mkdtempSync(join(tmpdir(), 'silbato-lighthouse-'));
const server = await startServer();
const proxy = await startRecordingProxy();
let failed = false;
try {
  const report = join(dir, 'report.json');
  // Asynchronously: the server answering Lighthouse's browser runs in this process.
  const run = promisify(execFile)(lighthouse, [`${server.base}/www/`, '--only-categories=accessibility,best-practices', '--output=json', `--output-path=${report}`, '--quiet',
    `--chrome-flags=--headless=new --no-sandbox --proxy-server=http://${proxy.address} --disable-background-networking --disable-component-update --disable-sync --no-first-run`],
  { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, timeout: 240000, killSignal: 'SIGINT' });
  run.child.stderr.pipe(process.stderr);
  await run;
  const r = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`Lighthouse ${r.lighthouseVersion}, ${r.configSettings.formFactor}, ${r.environment.hostUserAgent.match(/Chrome\/[\d.]+/)?.[0]}`);
  for (const [id, category] of Object.entries(r.categories)) {
    console.log(`${id}: ${category.score}`);
    for (const ref of category.auditRefs) {
      const audit = r.audits[ref.id];
      if (audit.score === null || audit.score === 1 || ['informative', 'notApplicable', 'manual'].includes(audit.scoreDisplayMode)) continue;
      console.log(`  ${ref.weight ? 'FAIL' : 'note (weight 0)'} ${audit.id}: ${audit.title}`);
      if (ref.weight) failed = true;
    }
    if (category.score < 1) failed = true;
  }
} finally {
  await server.close();
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
}
const leaving = proxy.seen.filter((h) => !CHROMIUM_OWN.includes(h));
if (leaving.length) {
  console.log(`requests left the machine: ${leaving.join(' ')}`);
  failed = true;
}
process.exit(failed ? 1 : 0);
