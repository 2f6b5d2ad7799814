#!/usr/bin/env node
// Playbooks at the 5 MB cap (issue 17: "a 5 MB playbook finishes any command in under 2 s of CPU"), in three shapes:
//   owner-less  33,022 short steps without an owner: one procedure.owner warning each (the worst case for lint)
//   clean       steps with an owner: no warning at all (parse, schema, compose and lint only)
//   long-text   fewer steps, each with a long guidance paragraph and an owner (text size, not step count)
// Usage: node bench/experiments/big-playbook.mjs DIR   -> DIR/<shape>/big.yaml (one playbook per dir, for
// `--playbooks DIR`), plus DIR/<shape>/drill.yaml (a tiny drill: step s0 done, the rest left open), and DIR/answers.yaml for
// `start --answers` (the same: s0 done).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const CAP = 4_700_013; // bytes, under MAX_FILE_BYTES (5 MiB): 33,022 owner-less steps, the file of the brief

function playbook(step) {
  const lines = [
    'id: big',
    'kind: crisis',
    'title: Big',
    'summary: big',
    'phases:',
    '  - id: p',
    '    title: P',
    '    steps:',
  ];
  let size = lines.join('\n').length;
  for (let i = 0; ; i++) {
    const s = step(i);
    if (size + s.length + 1 > CAP) break;
    lines.push(s);
    size += s.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

const TITLE = 'of the big playbook that checks the linear lint work per step and pads the file to the cap';
const PARA =
  'Call the duty officer, read the checklist aloud, write down who answered and when, and keep the notes for the review. ';
export const shapes = {
  'owner-less': () => playbook((i) => `      - id: s${i}\n        title: Step number ${i} ${TITLE}`),
  clean: () =>
    playbook((i) => `      - id: s${i}\n        title: Step number ${i} ${TITLE}\n        owner: incident-lead`),
  'long-text': () =>
    playbook(
      (i) =>
        `      - id: s${i}\n        title: Step ${i}\n        owner: incident-lead\n        guidance: ${PARA.repeat(40).trim()}`,
    ),
};

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/experiments/big-playbook.mjs DIR');
  process.exit(2);
}
for (const [name, make] of Object.entries(shapes)) {
  mkdirSync(path.join(dir, name), { recursive: true });
  const text = make();
  writeFileSync(path.join(dir, name, 'big.yaml'), text);
  writeFileSync(
    path.join(dir, name, 'drill.yaml'),
    [
      'id: big-drill',
      'kind: drill',
      'title: Big drill',
      'playbook: big',
      'responses:',
      '  - step: s0',
      '    action: done',
      'expect:',
      '  - completed: [s0]',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'answers.yaml'), ['responses:', '  - step: s0', '    action: done', ''].join('\n'));
  console.log(`${name}: ${text.length} bytes, ${text.split('\n      - id: ').length - 1} steps`);
}
