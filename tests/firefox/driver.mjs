// Debian's firefox-esr driven through geckodriver's WebDriver HTTP API, with
// the local test server and the recording proxy: what the Firefox tests share.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RECORDER_HOSTS, startRecordingProxy, startServer, TRACKER_HOSTS } from '../e2e/server.mjs';

export const root = new URL('../../', import.meta.url).pathname;
/**
 * The extension's internal address in these tests (Firefox picks a random
 * one per profile unless told): moz-extension://<ADDON_UUID>/popup/popup.html.
 */
export const ADDON_UUID = '6f1c2a9e-5b1a-4a70-9e5e-51b470000018';
/** Real tracker and recorder host names the local server stands in for (resolved to this machine). */
const LOCAL_HOSTS = [...TRACKER_HOSTS, ...RECORDER_HOSTS];
const geckodriver = process.env.GECKODRIVER ?? join(process.env.HOME ?? '/root', '.cargo/bin/geckodriver');
const firefox = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/**
 * For one test file: Firefox, the local server and the proxy, started before
 * its tests and stopped after; at the end, no request may have left the
 * machine but Firefox's own services'.
 */
export function firefoxSession() {
  const ff = { server: null, proxy: null, session: null, base: null, driver: null };
  ff.wd = async (method, path, body) => {
    const r = await fetch(`${ff.base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  ff.on = (method, path, body) => ff.wd(method, `/session/${ff.session}${path}`, body);
  ff.run = (script, args = []) => ff.on('POST', '/execute/sync', { script, args });
  ff.until = async (script, timeout = 30000) => {
    const end = Date.now() + timeout;
    for (;;) {
      const value = await ff.run(script);
      if (value) return value;
      if (Date.now() > end) throw new Error(`never true: ${script}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  ff.element = async (selector) => Object.values(await ff.on('POST', '/element', { using: 'css selector', value: selector }))[0];
  ff.setFile = async (selector, path) => ff.on('POST', `/element/${await ff.element(selector)}/value`, { text: path });
  ff.type = async (selector, text) => ff.on('POST', `/element/${await ff.element(selector)}/value`, { text });
  ff.go = (url) => ff.on('POST', '/url', { url });

  before(async () => {
    assert.ok(existsSync(geckodriver), `${geckodriver} is missing: scripts/setup.sh installs it`);
    assert.ok(existsSync(firefox), `${firefox} is missing: scripts/setup.sh installs firefox-esr`);
    ff.server = await startServer();
    ff.proxy = await startRecordingProxy();
    const port = await freePort();
    ff.driver = spawn(geckodriver, ['--port', String(port), '--allow-system-access'], { stdio: 'ignore' });
    ff.base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`${ff.base}/status`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const [host, proxyPort] = ff.proxy.address.split(':');
    const created = await ff.wd('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          browserName: 'firefox',
          // The tracker stand-ins speak HTTPS with a certificate made for the tests.
          acceptInsecureCerts: true,
          'moz:firefoxOptions': {
            binary: firefox,
            args: ['-headless', '-profile', mkdtempSync(join(tmpdir(), 'silbato-ff-'))],
            prefs: {
              'network.proxy.type': 1,
              'network.proxy.http': host,
              'network.proxy.http_port': Number(proxyPort),
              'network.proxy.ssl': host,
              'network.proxy.ssl_port': Number(proxyPort),
              'network.proxy.allow_hijacking_localhost': false,
              'intl.locale.requested': 'en-US',
              // Real host names, served by the local server, never through the proxy.
              'network.dns.localDomains': LOCAL_HOSTS.join(','),
              'network.proxy.no_proxies_on': ['localhost', '127.0.0.1', ...LOCAL_HOSTS].join(', '),
              'extensions.webextensions.uuids': JSON.stringify({ 'silbato@silbato.invalid': ADDON_UUID }),
              'extensions.autoDisableScopes': 0,
            },
          },
        },
      },
    });
    ff.session = created.sessionId;
  });

  after(async () => {
    if (ff.session) await ff.wd('DELETE', `/session/${ff.session}`).catch(() => {});
    ff.driver?.kill();
    await ff.server?.close();
    await ff.proxy?.close();
    // Firefox's own services (remote settings, add-on checks) may try to call
    // home; anything else would be Silbato's, and there must be none.
    const foreign = ff.proxy.seen.filter((h) => !/(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|mozgcp\.net|digicert\.com)(:\d+)?$/.test(h));
    assert.deepEqual(foreign, [], 'requests left the machine');
  });
  return ff;
}
