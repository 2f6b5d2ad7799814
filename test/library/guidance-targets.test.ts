/**
 * A guidance that says how long a target of its playbook is says what the target is: the cybersecurity guidance
 * called the regulator-notice placeholder "24 hours" while `show` printed the target as 4h.
 */
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/playbook/duration.js';
import { localize } from '../../src/playbook/text.js';
import { library } from './builtin.js';

/** "(target regulator-notice, 4 hours)" and "（目标项 regulator-notice，4小时）". */
const SAID = [/target ([a-z0-9-]+), (\d+) hours?\)/g, /目标项 ([a-z0-9-]+)，(\d+)小时/g];

describe('targets named with their length in guidance', () => {
  it('each says the length the playbook sets', () => {
    const said: string[] = [];
    const wrong: string[] = [];
    for (const entry of library().playbooks)
      for (const phase of entry.data.phases)
        if ('steps' in phase)
          for (const step of phase.steps)
            for (const lang of ['en', 'zh'] as const)
              for (const pattern of SAID)
                for (const [, target, hours] of localize(step.guidance ?? '', lang).matchAll(pattern)) {
                  const set = entry.data.targets?.[target!];
                  said.push(`${entry.id} ${step.id} ${lang} ${target}`);
                  if (set === undefined || parseDuration(set) !== Number(hours) * 3_600_000)
                    wrong.push(`${entry.id} ${step.id} (${lang}): ${target} said ${hours}h, set ${set}`);
                }
    expect(said).toEqual([
      'cybersecurity map-legal-duties en regulator-notice',
      'cybersecurity map-legal-duties zh regulator-notice',
    ]);
    expect(wrong).toEqual([]);
  });
});
