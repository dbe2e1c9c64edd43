// Which page script called a wrapped built-in (page world): the first frame
// of the call stack that is a page's script (http, https, file or blob),
// which is never the extension's own (chrome-extension:, moz-extension:).
// Taking a stack costs time, so each watcher has its own budget.

/** A `callerOf()` that takes at most `budget` stacks, then answers null. */
export function stackReader(budget) {
  let left = budget;
  return function callerOf() {
    if (left <= 0) return null;
    left--;
    const stack = new Error().stack || '';
    for (const line of stack.split('\n')) {
      const m = /((?:https?|file|blob):[^\s()]+?)(?::\d+){1,2}\)?\s*$/.exec(line) || /@((?:https?|file|blob):[^\s]+?)(?::\d+){1,2}$/.exec(line);
      if (m) return m[1];
    }
    return null;
  };
}
