// vitest setupFiles: tests call src's msg('zh', …) directly, as the CLI does only after loading the
// run's language (cli/main.ts, cli/program.ts). Loaded once per test file, before it runs.
import { loadLanguage } from '../../src/text/messages.js';

await loadLanguage('zh');
