// Words, from the one set of message files (locales/<lang>/messages.json,
// in the browser extensions' format): the extension reads them through the
// browser (js/ext.js), the offline page through `translator` below. Counts
// use the language's plural rules: a message with a count has one key per
// plural category (`pageFiles_one`, `pageFiles_other`), never "(s)".

/** `t(key, subs)` over messages in the extensions' format: `$1`… and named `$NAME$` placeholders. */
export function translator(messages) {
  return (key, subs = []) => {
    const entry = messages[key];
    if (!entry) return key;
    const list = Array.isArray(subs) ? subs : [subs];
    const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (all, name) => {
      const p = entry.placeholders && entry.placeholders[name.toLowerCase()];
      return p ? p.content : all;
    });
    return named.replace(/\$(\$|[1-9])/g, (all, d) => (d === '$' ? '$' : String(list[Number(d) - 1] ?? '')));
  };
}

/**
 * `plural(key, n, subs)`: the message `key_<category>` for count `n` in
 * `lang` (Intl.PluralRules), with `$1` = n and `$2`… = subs; falls back to
 * `key_other`.
 */
export function pluralizer(t, lang) {
  const rules = new Intl.PluralRules(lang);
  return (key, n, subs = []) => {
    const all = [String(n), ...subs];
    const exact = `${key}_${rules.select(n)}`;
    const said = t(exact, all);
    return said === exact ? t(`${key}_other`, all) : said;
  };
}
