import { planHash, type Plan } from '../playbook/compose.js';
import { localize } from '../playbook/text.js';
import type { Drill, Lang } from '../playbook/types.js';
import type { DrillResult } from '../session/drill-result.js';
import { checkExpectations } from '../session/expectations.js';
import { stepState, visibleSteps } from '../session/progress.js';
import type { EventStore } from '../session/event-store.js';
import type { Driver, Move, View } from './driver.js';
import { LiveSession, VirtualClock, type Clock } from './live-session.js';
import { runSession } from './runner.js';
import { ScriptedDriver } from './scripted.js';
import { parseDuration } from '../playbook/duration.js';

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
  interactive?: { driver: Driver; clock: Clock; start: number };
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
  const driver = options.interactive
    ? withTimedInjects(options.interactive.driver, drill, clock, start, options.lang)
    : scripted;
  await runSession(session, driver, { lang: options.lang });
  if (session.state.status !== 'ended') await session.act({ type: 'end' });
  const endedAt = clock.now();
  const results = checkExpectations(plan, session.state, drill.expect, endedAt);
  if (!options.interactive) {
    results.push({
      name: 'every scripted response was accepted',
      ok: scripted.refusals.length === 0,
      expected: 'no refused response',
      actual: scripted.refusals.length
        ? scripted.refusals.map((r) => `${r.what}: ${r.message}`).join('; ')
        : 'none refused',
      evidence: scripted.refusals.map((r) => `${r.what}: ${r.message}`),
      settledAt: endedAt,
    });
    if ((drill.unlisted ?? 'fail') === 'fail') {
      const open = visibleSteps(plan, session.state).filter((s) =>
        ['open', 'blocked'].includes(stepState(session.state, s.id).status),
      );
      results.push({
        name: 'no step left unscripted (unlisted: fail)',
        ok: open.length === 0,
        expected: 'every step that applies is scripted',
        actual: open.length ? `unscripted: ${open.map((s) => s.id).join(', ')}` : 'none',
        evidence: [],
        settledAt: endedAt,
      });
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
function withTimedInjects(inner: Driver, drill: Drill, clock: Clock, start: number, lang: Lang): Driver {
  const pending = [...(drill.injects ?? [])].sort((a, b) => parseDuration(a.at)! - parseDuration(b.at)!);
  return {
    ...inner,
    next: async (view: View): Promise<Move> => {
      const due = pending[0];
      if (due && clock.now() >= start + parseDuration(due.at)!) {
        pending.shift();
        inner.announce?.(`INJECT (${due.at}): ${localize(due.message, lang)}`);
        return { type: 'inject', message: localize(due.message, lang), facts: due.facts };
      }
      return inner.next(view);
    },
    recorded: inner.recorded?.bind(inner),
    refused: inner.refused?.bind(inner),
    announce: inner.announce?.bind(inner),
  };
}
