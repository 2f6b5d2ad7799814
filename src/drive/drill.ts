import { planHash, type Plan } from '../playbook/compose.js';
import { localize } from '../playbook/text.js';
import type { Drill, Lang } from '../playbook/types.js';
import type { DrillResult } from '../session/drill-result.js';
import { checkExpectations, wordedResult } from '../session/expectations.js';
import { msg, say, type Said } from '../text/messages.js';
import { visibleSteps } from '../session/progress.js';
import { isOpen } from '../session/replay.js';
import type { EventStore } from '../session/event-store.js';
import type { Driver, Move, View } from './driver.js';
import { injectFires } from '../session/judgement.js';
import { LiveSession, VirtualClock, type Clock } from './live-session.js';
import { runSession } from './runner.js';
import { ScriptedDriver } from './scripted.js';
import { durationWords, parseDuration } from '../playbook/duration.js';

export type { DrillResult };

export const DEFAULT_DRILL_START = '2026-01-01T09:00:00.000Z';

/**
 * Run a drill on a store. Scripted: a virtual clock, every response and
 * inject at its exact time, instantly. Interactive: a person drives, injects
 * arrive on the (optionally sped-up) real clock between prompts.
 */
export async function runDrill(options: {
  plan: Plan;
  drill: Drill;
  file?: string;
  store: EventStore;
  lang: Lang;
  /** the machine's zone: an interactive drill shows check-back times in it */
  interactive?: { driver: Driver; clock: Clock; start: number; timeZone?: string | (() => string) };
}): Promise<DrillResult> {
  const { plan, drill, store } = options;
  const start = options.interactive?.start ?? Date.parse(drill.start ?? DEFAULT_DRILL_START);
  const virtual = new VirtualClock(start);
  const clock = options.interactive?.clock ?? virtual;
  const operator = drill.operator ?? 'drill';
  const session = new LiveSession(plan, store, clock, operator);
  await session.act({
    type: 'start',
    data: {
      crisis: plan.id,
      severity: plan.severity,
      with: drill.with ?? [],
      jurisdictions: plan.jurisdictions ?? [],
      planHash: planHash(plan),
      operator,
      lang: options.lang,
      drill: { id: drill.id, ...(options.file ? { file: options.file } : {}) },
      ...(drill.facts ? { facts: drill.facts } : {}),
    },
  });
  const scripted = new ScriptedDriver(drill.responses, {
    unlisted: drill.unlisted ?? 'fail',
    clock: virtual,
    start,
    injects: drill.injects,
    lang: options.lang,
    onRefused: 'collect',
  });
  if (options.interactive) {
    const { driver } = options.interactive;
    const interject = timedInjects(drill, clock, start, options.lang, driver);
    await runSession(session, driver, {
      lang: options.lang,
      hooks: { interject },
      timeZone: options.interactive.timeZone,
    });
  } else {
    await runSession(session, scripted, { lang: options.lang });
  }
  if (session.state.status !== 'ended') await session.act({ type: 'end' });
  const endedAt = clock.now();
  const results = checkExpectations(plan, session.state, drill.expect, endedAt);
  if (!options.interactive) {
    const refused = scripted.refusals.map((r) => say('expect.refusal', { what: r.what, message: r.said ?? r.message }));
    results.push(
      wordedResult(
        {
          name: say('expect.scripted.name'),
          ok: refused.length === 0,
          expected: say('expect.scripted.expected'),
          actual: refused.length
            ? refused.reduce((a: Said, b) => say('expect.list.semi', { a, b }))
            : say('expect.scripted.none'),
          evidence: refused,
        },
        endedAt,
      ),
    );
    if ((drill.unlisted ?? 'fail') === 'fail') {
      const open = visibleSteps(plan, session.state).filter((s) => isOpen(session.state, s.id));
      results.push(
        wordedResult(
          {
            name: say('expect.unlisted.name'),
            ok: open.length === 0,
            expected: say('expect.unlisted.expected'),
            actual: open.length
              ? say('expect.unlisted.some', { ids: open.map((s) => s.id).join(', ') })
              : say('expect.unlisted.none'),
            evidence: [],
          },
          endedAt,
        ),
      );
    }
  }
  return {
    drill: drill.id,
    playbook: plan.id,
    severity: plan.severity,
    session: session.state.id,
    startedAt: start,
    endedAt,
    results,
    passed: results.every((r) => r.ok),
  };
}

/** Deliver each inject when the clock passes its time, before the person's next prompt. */
function timedInjects(
  drill: Drill,
  clock: Clock,
  start: number,
  lang: Lang,
  driver: Driver,
): (view: View) => Move | undefined {
  const pending = [...(drill.injects ?? [])].sort((a, b) => parseDuration(a.at)! - parseDuration(b.at)!);
  return (view) => {
    let due = pending[0];
    // A branching inject whose `when` does not hold at its time never fires.
    while (due && clock.now() >= start + parseDuration(due.at)! && !injectFires(due.when, view.session.state)) {
      pending.shift();
      due = pending[0];
    }
    if (!due || clock.now() < start + parseDuration(due.at)!) return undefined;
    pending.shift();
    const message = localize(due.message, lang);
    // In the drill's language: a Chinese tabletop read INJECT (30m) above its Chinese message.
    // English keeps the time as the drill file wrote it (30m); Chinese says it in words (30分钟).
    const at = lang === 'en' ? due.at : durationWords(due.at, lang);
    driver.announce?.(msg(lang, 'screen.inject', { at, message }));
    return { type: 'inject', message, facts: due.facts };
  };
}
