// A team-mode writer process for the race, partition and bench tests: the built
// store and session code (dist/), one PgStore, commands on stdin, one JSON line
// per command on stdout.
//   node pg-writer.mjs URL SESSION ACTOR
//   stdin: "start" | "notes N" | "steps N" | "note TEXT" | "handoff ROLE TO SEQ" | "quit"
//   (handoff: SEQ is the holding the writer saw, `replaces`; a refusal answers {refused: code, message})
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';

const [url, session, actor] = process.argv.slice(2);
const dist = (p) => import(pathToFileURL(path.join(import.meta.dirname, '..', '..', 'dist', p)).href);
const [
  { PgStore },
  { LiveSession },
  { makeCtx },
  { openLibrary, requirePlan },
  { planHash, planSteps },
  { storeCommands },
] = await Promise.all([
  dist('store/postgres.js'),
  dist('drive/live-session.js'),
  dist('cli/context.js'),
  dist('cli/library.js'),
  dist('playbook/compose.js'),
  dist('cli/invoked.js'),
]);
const { visibleSteps } = await dist('session/progress.js');
const { defaultValue } = await dist('session/inputs.js');
const ctx = makeCtx(
  {
    stdout: process.stderr,
    stderr: process.stderr,
    stdin: process.stdin,
    env: { ...process.env, CRISIS_PLAYBOOKS: '' },
    cwd: process.cwd(),
    now: Date.now,
    username: () => actor,
    hostname: 'writer',
    pid: process.pid,
  },
  {},
);
const plan = await requirePlan(ctx, await openLibrary(ctx), process.env.WRITER_PLAYBOOK ?? 'brand-image', {
  severity: 'critical',
});
const store = await PgStore.open(url, session, storeCommands({}, url));
const session_ = new LiveSession(plan, store, { now: Date.now }, actor, []);
await session_.refresh();
const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const failure = (e) => ({ error: e.message, exitCode: e.exitCode ?? 70, code: e.code ?? null });

/** The first n steps that apply and are not statements, in plan order. */
const plainSteps = (n) =>
  visibleSteps(plan, session_.state)
    .filter((s) => !s.statement && !s.when)
    .slice(0, n)
    .map((s) => s.id);
/** Placeholder values for a step's required inputs. */
const inputsOf = (id) =>
  Object.fromEntries(
    planSteps(plan)
      .find((s) => s.id === id)
      .inputs?.filter((i) => i.required)
      .map((i) => [i.id, defaultValue(i)]) ?? [],
  );

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [cmd, ...rest] = line.trim().split(' ');
  const arg = rest.join(' ');
  try {
    if (cmd === 'quit') break;
    if (cmd === 'start') {
      const e = await session_.act({
        type: 'start',
        data: {
          crisis: plan.id,
          severity: plan.severity,
          with: [],
          planHash: planHash(plan),
          operator: actor,
          lang: 'en',
        },
      });
      say({ ok: true, seq: e.seq });
    } else if (cmd === 'note') {
      const e = await session_.act({ type: 'note', text: arg });
      say({ ok: true, seq: e.seq, hash: e.hash });
    } else if (cmd === 'notes') {
      const seqs = [];
      for (let i = 0; i < Number(arg); i++)
        seqs.push((await session_.act({ type: 'note', text: `${actor} ${i}` })).seq);
      say({ ok: true, count: seqs.length, last: seqs.at(-1) });
    } else if (cmd === 'steps') {
      const done = [];
      const refused = [];
      for (const step of arg.split(',')) {
        try {
          await session_.act({ type: 'complete', step, inputs: inputsOf(step) });
          done.push(step);
        } catch (e) {
          if (e.code !== 'step.closed') throw e;
          refused.push(step);
        }
      }
      say({ ok: true, done, refused });
    } else if (cmd === 'handoff') {
      const [role, to, seen] = rest;
      try {
        const e = await session_.act({ type: 'handoff', role, to, replaces: Number(seen) });
        say({ ok: true, seq: e.seq });
      } catch (e) {
        if (e.code !== 'role.changed') throw e;
        say({ refused: e.code, message: e.message });
      }
    } else if (cmd === 'plain') {
      say({ ok: true, steps: plainSteps(Number(arg)) });
    } else say({ error: `unknown command ${cmd}` });
  } catch (e) {
    say(failure(e));
  }
}
await store.close();
