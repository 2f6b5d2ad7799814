/** What commands say on the side (stderr notes and warnings) and the short results of verify, drill and review. */
export const en = {
  /** every command that wrote a file says it with this (src/cli/output.ts wroteLine) */
  'notice.wrote': 'wrote {file}',
  'notice.init.notPlainJson': 'warning: {file} is not plain JSON (comments?); left as it is.',
  'notice.init.addYourself': 'add this to it yourself:',
  'notice.drill.tabletop': 'Tabletop drill: {title}',
  'notice.drill.tabletopSpeed': 'Tabletop drill: {title} (clock ×{speed})',
  'notice.tookOverLock': 'note: took over a stale lock left by pid {pid} on {host}',
  'notice.tookOverLock.reused':
    'note: took over a stale lock left by pid {pid} on {host} (that pid is now another process)',
  'notice.tookOverLock.rebooted': 'note: took over a stale lock left by pid {pid} on {host} before a restart',
  'notice.tookOverLock.unreadable': 'note: took over the unreadable lock file {lock} (older than 5 s)',
  'notice.tookOverLock.malformed': 'warning: took over the lock file {lock}: it names no process (pid {pidText})',
  /** one statement file in those notes: the channel as people read it, and the file in the session folder */
  'notice.statementFile': '{channel} ({file})',
  'notice.statementsWritten': 'note: wrote missing statement file(s) from the log: {files}',
  'notice.statementsRepaired': 'note: rewrote statement file(s) that disagreed with the log: {files}',
  'notice.statementsRemoved': 'note: removed statement file(s) the session no longer writes under that name: {files}',
  'notice.statementNotRepaired': 'warning: the {channel} statement file could not be rewritten from the log ({reason})',
  'notice.planChanged': 'warning: the playbook {id} changed since this session started (plan hash differs)',
  'notice.planStepGone': '  - {step} (in the log, no longer in the playbook)',
  'notice.planSameSteps': '  (same step ids; wording, conditions or order changed)',
  'notice.logBreaks': 'warning: the log breaks at {problem}; {left} ({used})',
  'notice.linesLeftOut': '{count} {count:line|lines} from there on {count:is|are} left out',
  'notice.restLeftOut': 'the line(s) from there on are left out',
  'notice.goodEventsUsed': 'only {count} good {count:event|events} {count:is|are} used; run `{command}`',
  'notice.exportedAsIs':
    'warning: the log breaks at {problem}; it is exported as it is, byte for byte (run `{command}`)',
  'notice.tornTail':
    'warning: the last line is incomplete ({bytes} {bytes:byte|bytes}, a write cut off) and is left out;' +
    ' `crisis resume` moves it aside',
  /** a profile found by walking up (or in the config dir) that someone else could have planted: skipped */
  'notice.profile.skipped': 'warning: the profile {file} is ignored: {why}',
  'notice.profile.skipped.owner': 'it belongs to another user (uid {uid})',
  'notice.profile.skipped.writable': 'users other than its owner may write to it (mode {mode})',
  'notice.profile.skipped.hint':
    'to use it anyway, pass --profile {file}; to have it found, make it yours and writable only by you' +
    ' (`chown`, `chmod go-w`)',
  /** --profile FILE or CRISIS_PROFILE: used, but anyone may change it */
  'notice.profile.worldWritable':
    'warning: the profile {file} is writable by every user (mode {mode}):' +
    ' anyone here can change its company, signatories and store',
  'notice.profile.worldWritable.hint': 'make it writable only by its owner (`chmod o-w`), or name another file',
  'resume.tornMoved':
    'note: the last line was incomplete ({bytes} {bytes:byte|bytes}, a write cut off); moved to {file}',
  'resume.forcedAside': 'warning: --force: {problem}; {lines} {lines:line|lines} from there on moved to {file}',
  'resume.notRepeated': 'note: {count} {count:response|responses} already in the log, not repeated: {list}',
  'resume.andMore': 'and {count} more',
  'resume.forcedMark': ' — FORCED past a broken chain',
  'join.joined': 'joined {id} as {operator}{as}: {events} {events:event|events}',
  'join.asLogin':
    'note: "{operator}" is your login name; it is on everything you record here (the others see it in ' +
    'their notices): to be named otherwise, join with --operator "Your Name"',
  'start.asLogin':
    'note: "{operator}" is your login name; it is on everything you record here (those who join see it in ' +
    'their notices): to be named otherwise, start with --operator "Your Name"',
  'join.othersJoin': 'others join with: {command}',
  'import.done': 'imported {session}: {count} {count:event|events} into {store}',
  'list.none': 'no playbooks found',
  'drill.summary': '{passed} of {total} {total:drill|drills} passed',
  'drill.summaryInvalid': '{passed} of {total} {total:drill|drills} passed, {invalid} invalid',
  'drill.heading': 'drill {drill} ({playbook}, {severity}): {held}/{total} {total:expectation|expectations} held',
  'drill.expected': 'expected: {text}',
  'drill.actual': 'actual:   {text}',
  'drill.log': 'log: {path}',
  'verify.broken': '✗ {file}: {problem} ({count} good {count:event|events} before it)',
  'verify.intact': '✓ {file}: {count} {count:event|events}, hash chain intact',
  'verify.head': '  chain head {head}',
  'verify.lastGood': ' (last good event)',
  'verify.clockBack':
    "  note: line {line} is timed {ago} before a line above it (a clock step, or another machine's clock): not a break",
  'verify.headProblem': '✗ expected head {head}: {problem}',
  'verify.headReached': '✓ reaches the expected head {head}',
  'verify.cutShort': 'the log ends at seq {seq}, before the expected head seq {expected} (lines were cut from its end)',
  'verify.rewritten': 'seq {seq} has hash {hash}…, not the expected {expected}… (the log was rewritten)',
  'reviewWalk.ask':
    'Walk the post-crisis review now? {count} {count:item|items} open; answers are recorded in the session log',
  'reviewWalk.interrupted': 'review walk stopped: the answers given are in the log; {command} goes on where it stopped',
  'reviewWalk.item': 'Review item',
  'reviewWalk.record': 'Record',
  'reviewWalk.later': 'Later',
  'reviewWalk.stop': 'Stop the review walk',
  'reviewWalk.taken': '  already recorded by someone else meanwhile; skipped',
  'reviewWalk.recorded': '  ✓ recorded',
  'status.none': 'no sessions in {dir}',
  'status.in': 'sessions in {dir}',
  'status.drillsHidden': '{count} drill {count:session|sessions} not shown; `{command}` lists them',
  'status.unreadable': 'unreadable',
  'status.planChangedMark': ' (playbook changed)',
  'status.planChangedNote':
    'playbook changed: that progress is counted against the playbook as it is now, not as the session started; ' +
    '`{command}` says what changed',
  'status.drillMark': ' (drill)',
  'status.damagedMark': ' (log damaged)',
  'status.col.session': 'SESSION',
  'status.col.crisis': 'CRISIS',
  'status.col.started': 'STARTED',
  'status.col.progress': 'PROGRESS',
  'status.col.state': 'STATE',
  'status.title': '{id}  {crisis} (severity {severity})  {state}{drill}',
  'status.titleDrill': ' — drill {id}',
  'status.started': 'started {at} by {operator}; last event {offset}; {events} {events:event|events}{damaged}',
  'status.damaged': '; LOG DAMAGED (run crisis verify)',
  'status.head': 'chain head {head}',
  'status.noPlaybook':
    'warning: playbook "{crisis}" is not found here, so its steps are not counted (pass --playbooks DIR where it is)',
  'status.logBreaks': 'warning: the log breaks at {problem}; what follows is left out of this status',
  'status.progress': 'progress: {done}/{total} {total:step|steps} done or skipped',
  'status.planCounted': 'note: progress and targets below are counted against the playbook as it is now{listed}',
  'status.planCountedListed': '; `crisis status` lists {done}/{total}, counted when the session was last written',
  'status.target': '  target {target}: due {due}{met}{missed}{overdue}',
  'status.targetEnded': '  target {target}{met}{missed}{overdue}',
  'status.targetMissed': ', missed {count} {count:time|times}',
  'status.targetMet': ', met {at}',
  'status.targetSent': ', met {at} (the time sent; recorded {recorded})',
  'status.targetDetected': ' (counted from detection at {detected})',
  'status.targetUnknown': ', met: unknown (a step that may have met it is no longer in the playbook)',
  'status.overdue': ' OVERDUE',
  'status.next': 'next: {steps}',
  'status.blockedMark': ' (blocked)',
  'status.lockHeld': 'another terminal is working this session now (its lock is held)',
  'status.teamNoLock': 'a team session holds no lock: others may be working it now',
  'status.joinWith': 'join with: {command}',
} as const;
