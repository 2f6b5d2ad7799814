// `node --import ./cpu-hook.mjs bin/crisis.js ...` with RELIABILITY_CPU_FILE set:
// at exit the process writes the CPU time it used (user + system, ms). The
// reliability tests bound CPU time, not wall time, which a loaded machine
// stretches at will.
import { writeFileSync } from 'node:fs';

const out = process.env.RELIABILITY_CPU_FILE;
if (out) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    try {
      writeFileSync(out, String((user + system) / 1000));
    } catch {
      /* the test reports a missing number itself */
    }
  });
}
