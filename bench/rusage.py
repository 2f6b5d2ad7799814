#!/usr/bin/env python3
# Run a command and write its wall time and the CPU time and peak RSS of the command (wait4's rusage, microsecond
# resolution) to OUTFILE as "wall_s user_s sys_s maxrss_kb", the fields GNU time's `-f '%e %U %S %M'` gives, but
# without GNU time's 10 ms rounding (a bare `node -e 0` uses about 20 ms of CPU). Wall is fork to wait4, so the
# wrapper's own start is not in it. Exits with the command's exit code (128 + signal number when killed).
# Usage: python3 bench/rusage.py OUTFILE CMD [ARGS...]
import os
import sys
import time

out, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter_ns()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    except OSError as e:
        sys.stderr.write(f"rusage.py: {argv[0]}: {e}\n")
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = (time.perf_counter_ns() - t0) / 1e9
with open(out, "w") as f:
    f.write(f"{wall:.6f} {ru.ru_utime:.6f} {ru.ru_stime:.6f} {ru.ru_maxrss}\n")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
