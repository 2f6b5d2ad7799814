import type { z } from 'zod';
import type { Lang as LangSchema } from './schema.js';
import type { Said } from '../text/messages.js';
export type {
  Text,
  Severity,
  Input,
  Step,
  Phase,
  Role,
  Playbook,
  Principle,
  Scalar,
  Condition,
  Drill,
  Response,
  Inject,
  InjectWhen,
  Patterns,
  Expectation,
  Answers,
  UsePhase,
  Duty,
  DutyCatalogue,
  RegulatorReport,
  Profile,
  Signatory,
} from './schema.js';
export type Lang = z.infer<typeof LangSchema>;

/** One problem found in a file: an error, or a warning from the lint. */
export interface Problem {
  file: string;
  line?: number;
  col?: number;
  severity: 'error' | 'warning';
  /** dotted code, e.g. `yaml.syntax`, `schema`, `compose.use-cycle`, `principle.transparency` */
  code: string;
  /** the English of `said`: stable for `--json` and logs */
  message: string;
  /** the message as a catalogued sentence, worded in the reader's language when printed */
  said: Said;
}
