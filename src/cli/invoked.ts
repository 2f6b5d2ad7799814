/**
 * The command as the user can type it again: `npx crisis` when this run came
 * through npx (npm sets `npm_command=exec`), else `crisis`. Hints that say
 * `crisis resume …` after `npx crisis start` would be "command not found".
 */
export function invokedAs(env: Readonly<Record<string, string | undefined>>): string {
  return env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx' ? 'npx crisis' : 'crisis';
}
