// Used as `node --import ./cpu-usage.mjs ...` with CRISIS_TEST_CPU_LOG set to
// a file: at exit, writes the CPU time the process used (user + system, in
// ms). Tests bound CPU time rather than wall time, which a loaded CI machine
// stretches at will.
import { writeFileSync } from 'node:fs';

const out = process.env.CRISIS_TEST_CPU_LOG;
if (out) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(out, String((user + system) / 1000));
  });
}
