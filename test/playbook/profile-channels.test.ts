import { describe, expect, it } from 'vitest';
import { profileChannelGaps } from '../../src/playbook/profile.js';

describe('profileChannelGaps', () => {
  const steps = [
    { statement: { website: 'a', social: 'b' } },
    {},
    { statement: { regulator: 'report', email: 'c' } },
    { statement: { social: 'd' } },
  ];
  it.each([
    [['website', 'social', 'email'], [], []],
    [['website'], ['social', 'email'], []],
    [['website', 'weibo', 'social', 'email'], [], ['weibo']],
    [[], ['website', 'social', 'email'], []],
  ])('listed %j: missing %j, unknown %j (the regulator report is never missing)', (listed, missing, unknown) => {
    expect(profileChannelGaps(steps, listed)).toEqual({ missing, unknown });
  });
});
