// Derives Silbato's tracker table from npm @ghostery/trackerdb (CC BY-NC-SA 4.0)
// and writes it, with that licence, as data the extension loads at run time:
//   build/trackers.json          the table (never compiled into the GPL code)
//   build/trackers-LICENSE.txt   licence and attribution, shipped beside it
// Usage: node scripts/build-trackers.mjs [OUT_DIR]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? join(root, 'build');
const pkgDir = join(root, 'node_modules/@ghostery/trackerdb');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const db = JSON.parse(readFileSync(join(pkgDir, 'dist/trackerdb.json'), 'utf8'));

// Categories, companies and trackers become arrays; domains point at trackers by index.
const categories = Object.keys(db.categories).sort();
const categoryIndex = new Map(categories.map((k, i) => [k, i]));
const companyKeys = Object.keys(db.organizations).sort();
const companyIndex = new Map(companyKeys.map((k, i) => [k, i]));
const patternKeys = Object.keys(db.patterns).sort();
const patternIndex = new Map(patternKeys.map((k, i) => [k, i]));

const table = {
  source: `@ghostery/trackerdb ${pkg.version}`,
  license: 'CC-BY-NC-SA-4.0',
  categories: categories.map((k) => ({ key: k, name: db.categories[k].name })),
  companies: companyKeys.map((k) => {
    const o = db.organizations[k];
    return { name: o.name, country: o.country || null, privacy_policy: o.privacy_policy_url || null };
  }),
  trackers: patternKeys.map((k) => {
    const p = db.patterns[k];
    return {
      name: p.name,
      category: categoryIndex.get(p.category) ?? categoryIndex.get('misc'),
      company: p.organization != null && companyIndex.has(p.organization) ? companyIndex.get(p.organization) : null,
    };
  }),
  domains: Object.fromEntries(
    Object.entries(db.domains)
      .filter(([, p]) => patternIndex.has(p))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([d, p]) => [d.toLowerCase(), patternIndex.get(p)]),
  ),
};

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'trackers.json'), JSON.stringify(table));
writeFileSync(
  join(out, 'trackers-LICENSE.txt'),
  `trackers.json (and trackers.bin, the same table in Silbato's binary form)
is derived from the Ghostery Tracker Database
(npm @ghostery/trackerdb ${pkg.version}, https://github.com/ghostery/trackerdb),
Copyright 2017 Ghostery GmbH, licensed under the Creative Commons
Attribution-NonCommercial-ShareAlike 4.0 International licence (CC BY-NC-SA 4.0):
https://creativecommons.org/licenses/by-nc-sa/4.0/

Changes: the categories, organizations, patterns and domains were reduced to
names, countries, privacy-policy addresses, categories and the domain list, and
rearranged as arrays (and, in trackers.bin, as sorted binary records). This
file is data, shared under the same licence; it is
not part of Silbato's program code (GPL-3.0-or-later), which loads it at run
time. Silbato is never sold and carries no ads.
`,
);
console.log(`trackers: ${Object.keys(table.domains).length} domains, ${table.trackers.length} trackers, ${table.companies.length} companies -> ${out}`);
