// Preloaded with `node --import bench/maxrss-hook.mjs` when /usr/bin/time is
// missing: writes the process's peak RSS (KB) to $BENCH_RSS_FILE at exit.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
