// Used as `node --import ./record-intl.mjs ...` with CRISIS_TEST_INTL_LOG set to a file: every Intl.DateTimeFormat
// made (with or without `new`) appends one line to that file: the zone it was asked for, or "machine" without one.
// Making the first one starts the runtime's time zone data; a test reads the file to prove a command made none.
import { appendFileSync } from 'node:fs';

const log = process.env.CRISIS_TEST_INTL_LOG;
if (log) {
  const record = (args) => appendFileSync(log, `${args[1]?.timeZone ?? 'machine'}\n`);
  Intl.DateTimeFormat = new Proxy(Intl.DateTimeFormat, {
    construct(target, args, newTarget) {
      record(args);
      return Reflect.construct(target, args, newTarget);
    },
    apply(target, self, args) {
      record(args);
      return Reflect.apply(target, self, args);
    },
  });
}
