import type { ExpectationResult } from './expectations.js';

/** The outcome of one drill run: what the reports (JUnit, JSON, review) are made from. */
export interface DrillResult {
  drill: string;
  playbook: string;
  severity: string;
  session: string;
  startedAt: number;
  endedAt: number;
  results: ExpectationResult[];
  passed: boolean;
}
