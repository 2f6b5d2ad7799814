/**
 * Every statement channel a built-in plan can have reads as a word on a zh
 * screen, the regulator report among them (a duty's report is a statement on
 * the `regulator` channel): the zh session walk found "── regulator ──".
 */
import { describe, expect, it } from 'vitest';
import { channelName } from '../../src/drive/interactive.js';
import { compose, planSteps } from '../../src/playbook/compose.js';
import { CRISES, library } from '../library/builtin.js';

describe('channelName', () => {
  it('names the regulator channel', () => {
    expect(channelName('regulator', 'zh')).toBe('监管报告');
    expect(channelName('regulator', 'en')).toBe('regulator');
  });

  it('has a zh word for every channel of every built-in crisis, with every jurisdiction and severity', () => {
    const channels = new Set<string>();
    for (const id of CRISES)
      for (const severity of ['low', 'critical'] as const) {
        const { plan } = compose(library(), id, { severity, jurisdictions: ['cn', 'eu', 'us'] });
        for (const step of planSteps(plan!)) for (const c of Object.keys(step.statement ?? {})) channels.add(c);
      }
    expect(channels.has('regulator')).toBe(true);
    for (const c of channels) expect(channelName(c, 'zh'), c).not.toMatch(/[A-Za-z]/);
  });
});
