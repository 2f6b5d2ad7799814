import { describe, expect, it } from 'vitest';
import { invokedAs } from '../../src/cli/invoked.js';

describe('hints name the command as it was invoked', () => {
  it.each([
    [{ npm_command: 'exec' }, 'npx crisis'],
    [{ npm_lifecycle_event: 'npx' }, 'npx crisis'],
    [{ npm_command: 'test' }, 'crisis'],
    [{}, 'crisis'],
  ])('%j -> %s', (env, expected) => {
    expect(invokedAs(env)).toBe(expected);
  });
});
