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
  message: string;
  /** the message as a catalogued sentence, when there is one (its English is `message`) */
  said?: Said;
}
