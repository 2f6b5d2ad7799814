/**
 * "These deadlines are defaults to tune" is said once per plan, by the tool
 * (show, checklist, start: test/e2e/start-defaults-note.test.ts), not in every step's guidance (issue 14, P9: it was
 * repeated 58 times in English and 85 in Chinese).
 */
import { describe, expect, it } from 'vitest';
import { localize } from '../../src/playbook/text.js';
import { renderChecklistMarkdown } from '../../src/render/checklist-md.js';
import { buildChecklist } from '../../src/render/checklist-data.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { msg } from '../../src/text/messages.js';
import { CRISES, library, plan } from './builtin.js';

/** The sentence as the library used to repeat it; a legal default "to confirm with counsel" is another matter. */
const REPEATED = [
  /default(s)?;? (to )?tune/i,
  /tune (it|them) (per|to your) organisation/i,
  /\d+[-‐ ](minute|hour|day)s? deadline[^.]*is a default/i,
  /为默认时限/,
  /可自行调整/,
  /(均为|为)默认值，请(结合本单位实际情况|按实际情况)调整/,
];

describe('the defaults note', () => {
  it('no playbook text (summary, step title, guidance, checklist, input label) repeats it', () => {
    const found: string[] = [];
    for (const entry of library().playbooks) {
      const id = entry.id;
      const texts: string[] = [];
      const add = (t: unknown) => {
        if (t)
          for (const lang of ['en', 'zh'] as const) texts.push(localize(t as Parameters<typeof localize>[0], lang));
      };
      add(entry.data.summary);
      for (const phase of entry.data.phases)
        if ('steps' in phase)
          for (const step of phase.steps) {
            add(step.title);
            add(step.guidance);
            for (const item of step.checklist ?? []) add(item);
            for (const input of step.inputs ?? []) add(input.label);
          }
      for (const text of texts) for (const re of REPEATED) if (re.test(text)) found.push(`${id}: ${text.slice(0, 80)}`);
    }
    expect(found).toEqual([]);
  });

  it.each(CRISES)('%s: show and the checklist say it once, in each language', (id) => {
    for (const lang of ['en', 'zh'] as const) {
      const note = msg(lang, 'plan.defaultsNote');
      const style = { bold: (s: string) => s, dim: (s: string) => s, cyan: (s: string) => s };
      const shown = renderPlanText(plan(id, 'high'), lang, style).join('\n');
      expect(shown.split(note).length - 1).toBe(1);
      const md = renderChecklistMarkdown(buildChecklist(plan(id, 'high'), lang));
      expect(md.split(note).length - 1).toBe(1);
    }
  });
});
