// `node --import ./signal-at-link.mjs bin/crisis.js ...` with SIGNAL_AT_LINK=SIGTERM (or SIGINT, SIGHUP) and
// SIGNAL_AT_LINK_SUFFIX=.jsonl (or .lock): the process signals itself right after the hard link that makes the
// file with that suffix, i.e. the moment a session's log or lock appears, before the run's own handlers exist.
// A test of what a signal in that window does, at that moment every time instead of by luck.
import fs from 'node:fs';

const signal = process.env.SIGNAL_AT_LINK;
const suffix = process.env.SIGNAL_AT_LINK_SUFFIX;
if (signal && suffix) {
  const link = fs.linkSync;
  let sent = false;
  fs.linkSync = function linkThenSignal(from, to) {
    const result = link.call(this, from, to);
    if (!sent && String(to).endsWith(suffix)) {
      sent = true;
      process.kill(process.pid, signal);
    }
    return result;
  };
}
