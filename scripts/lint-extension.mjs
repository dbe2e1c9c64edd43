// `web-ext lint` on dist/extension: prints the summary and every message,
// fails on any error. The one expected warning: Firefox ignores
// background.service_worker (the manifest gives background.scripts for it).
import { execFileSync } from 'node:child_process';

const out = execFileSync('npx', ['--no-install', 'web-ext', 'lint', '--source-dir', 'dist/extension', '--output', 'json'], { encoding: 'utf8' });
const report = JSON.parse(out);
const { errors, warnings, notices } = report.summary;
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings, ${notices} notices`);
for (const kind of ['errors', 'warnings', 'notices']) for (const m of report[kind]) console.log(`  ${kind.slice(0, -1)}: ${m.code} ${m.file ?? ''} ${m.message}`);
if (errors) process.exit(1);
