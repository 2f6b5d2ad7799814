/**
 * A small, complete, lint-clean library: a crisis that `use:`s two
 * strategies, two more strategies for `--with`, a review and a drill. Unit
 * tests load it in memory; e2e tests write it to a temp dir. The ids
 * task-force, media, social-media and post-crisis deliberately match
 * built-in ones, so on the search path these files override the built-ins
 * and the tests do not depend on the built-in library's content.
 *
 * Plan of widget-recall at medium: wr-confirm, [task-force] tf-name-leads,
 * wr-recall (only if safety-risk), wr-apology, wr-statement, [comms]
 * cm-legal-check, cm-first-statement. At high, wr-escalate joins after wr-recall.
 */
export const TASK_FORCE = `id: task-force
kind: strategy
title: { en: Task force, zh: 工作组 }
roles:
  - { id: incident-lead, title: { en: Incident lead, zh: 总指挥 } }
  - { id: spokesperson, title: { en: Spokesperson, zh: 发言人 } }
  - { id: legal, title: Legal }
phases:
  - id: tf-mobilise
    title: { en: Mobilise, zh: 集结 }
    steps:
      - id: tf-name-leads
        title: { en: Name the leads, zh: 指定负责人 }
        owner: incident-lead
        due: 15m
        tags: [role-assignment]
        inputs:
          - { id: spokesperson-name, label: Spokesperson, type: person, assigns-role: spokesperson }
`;

export const COMMS = `id: comms
kind: strategy
title: Communicate
phases:
  - id: cm-statement
    title: First statement
    steps:
      - id: cm-legal-check
        title: Check the facts with legal
        owner: legal
        due: first-statement
        tags: [legal-review]
      - id: cm-first-statement
        title: Publish the holding statement
        owner: spokesperson
        due: first-statement
        approve-by: legal
        statement:
          website: "We are looking into it. Contact: {{spokesperson-name}}."
`;

export const MEDIA = `id: media
kind: strategy
title: Media relations
phases:
  - id: md-press
    title: Press
    steps:
      - id: md-brief
        title: Brief the press
        owner: spokesperson
`;

export const SOCIAL = `id: social-media
kind: strategy
title: Social media
phases:
  - id: sm-watch
    title: Watch
    steps:
      - id: sm-monitor
        title: Monitor the platforms
        owner: spokesperson
        tags: [monitoring]
`;

export const REVIEW = `id: post-crisis
kind: review
title: Post-crisis review
phases:
  - id: pc-review
    title: Review
    steps:
      - id: pc-lessons
        title: Write down the lessons
        owner: incident-lead
`;

export const CRISIS = `id: widget-recall
kind: crisis
title: { en: Widget recall, zh: 小部件召回 }
summary: A batch of widgets is faulty.
severity: { default: medium }
roles:
  - { id: quality-lead, title: { en: Quality lead, zh: 质量负责人 } }
targets:
  assessment: 30m
  first-statement: 1h
  update-every: 4h
review: post-crisis
phases:
  - id: wr-assess
    title: { en: Assess, zh: 评估 }
    steps:
      - id: wr-confirm
        title: { en: Confirm the defect, zh: 确认缺陷 }
        owner: quality-lead
        due: assessment
        tags: [assessment]
        checklist: [Collect samples, Check the batch records]
        inputs:
          - { id: affected-batches, label: Affected batches, type: text, required: true }
          - { id: safety-risk, label: Safety risk?, type: yes-no }
  - use: task-force
  - id: wr-act
    title: Act
    steps:
      - id: wr-recall
        title: Recall the batches
        owner: quality-lead
        tags: [corrective-action]
        when: { any: [ { fact: safety-risk, equals: true }, { severity-at-least: critical } ] }
      - id: wr-escalate
        title: Brief the board
        owner: incident-lead
        when: { severity-at-least: high }
      - id: wr-apology
        title: Decide on apology and compensation
        owner: incident-lead
        tags: [apology-decision]
      - id: wr-statement
        title: Publish the recall notice
        owner: spokesperson
        due: first-statement
        approve-by: legal
        statement:
          website: "Batches {{affected-batches}} are being recalled."
  - use: comms
`;

export const DRILL = `id: widget-drill
kind: drill
title: Widget drill
playbook: widget-recall
responses:
  - { step: wr-confirm, action: done, inputs: { affected-batches: B-1, safety-risk: true } }
expect:
  - completed: [wr-confirm]
`;

/** The library as files under a playbooks directory. */
export const FIXTURE_FILES: Record<string, string> = {
  'crises/widget-recall.yaml': CRISIS,
  'strategies/task-force.yaml': TASK_FORCE,
  'strategies/comms.yaml': COMMS,
  'strategies/media.yaml': MEDIA,
  'strategies/social-media.yaml': SOCIAL,
  'review/post-crisis.yaml': REVIEW,
  'drills/widget-drill.yaml': DRILL,
};

/** Step ids of widget-recall at medium severity, in plan order. */
export const MEDIUM_STEPS = [
  'wr-confirm',
  'tf-name-leads',
  'wr-recall',
  'wr-apology',
  'wr-statement',
  'cm-legal-check',
  'cm-first-statement',
];

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function posOf(text: string, needle: string, from = 0): { line: number; col: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`fixture has no ${JSON.stringify(needle)}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, col: before.at(-1)!.length + 1 };
}

// The session fixtures: sess-crisis and its task force, small enough to reason about event by event
// (test/helpers/session-plan.ts describes the plan and builds it).
export const SESSION_TASK_FORCE = `id: task-force
kind: strategy
title: Task force
roles:
  - { id: incident-lead, title: Incident lead }
  - { id: spokesperson, title: Spokesperson }
  - { id: legal, title: Legal }
phases:
  - id: tf
    title: Mobilise
    steps:
      - id: name-leads
        title: Name the leads
        owner: incident-lead
        tags: [role-assignment]
        inputs:
          - { id: lead-name, label: Incident lead, type: person, required: true, assigns-role: incident-lead }
          - { id: spokesperson-name, label: Spokesperson, type: person, assigns-role: spokesperson }
`;

export const SESSION_CRISIS = `id: sess-crisis
kind: crisis
title: Session test crisis
severity: { default: medium }
roles:
  - { id: quality-lead, title: Quality lead }
targets:
  assessment: 30m
  first-statement: 1h
  update-every: 4h
phases:
  - id: assess
    title: Assess
    steps:
      - id: confirm
        title: Confirm the defect
        owner: quality-lead
        due: assessment
        tags: [assessment]
        inputs:
          - { id: affected-batches, label: Affected batches, type: text, required: true }
          - { id: safety-risk, label: Safety risk?, type: yes-no }
          - { id: units, label: Units sold, type: number }
          - { id: found-on, label: Found on, type: date }
          - id: channel
            label: Where it surfaced
            type: choice
            choices:
              - { value: social, label: Social media }
              - { value: press, label: Press }
  - use: task-force
  - id: act
    title: Act
    steps:
      - id: recall
        title: Recall the batches
        owner: quality-lead
        when: { fact: safety-risk, equals: true }
      - id: board
        title: Brief the board
        owner: incident-lead
        when: { severity-at-least: high }
      - id: apology
        title: Decide on an apology
        owner: incident-lead
        tags: [apology-decision]
  - id: say
    title: Communicate
    steps:
      - id: holding-statement
        title: Publish the holding statement
        owner: spokesperson
        due: first-statement
        approve-by: legal
        statement:
          website: "Batches {{affected-batches}} are affected. Contact: {{spokesperson-name}}."
          social: "We are recalling {{ affected-batches }}."
      - id: quick-post
        title: Post a quick update
        owner: spokesperson
        statement:
          social: "Update on {{affected-batches}}: {{missing-fact}}"
`;

export const SESSION_FILES: Record<string, string> = {
  'strategies/task-force.yaml': SESSION_TASK_FORCE,
  'crises/sess-crisis.yaml': SESSION_CRISIS,
};

/** Step ids of sess-crisis at medium severity, in plan order. */
export const SESSION_STEPS = ['confirm', 'name-leads', 'recall', 'apology', 'holding-statement', 'quick-post'];

/** A strategy whose one step has no owner: a lint warning at line 8 (its step), nothing else. */
export const OWNERLESS_STRATEGY = `id: quiet
kind: strategy
title: Quiet
phases:
  - id: p
    title: P
    steps:
      - id: s
        title: S
`;
