/**
 * Examples printed after each command's --help: the invocations people look
 * for first, with ids that exist in the built-in library.
 */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  list: ['crisis list', 'crisis list --kind drill', 'crisis list --json'],
  show: ['crisis show product-quality', 'crisis show cybersecurity --severity critical --jurisdiction cn,eu'],
  validate: ['crisis validate', 'crisis validate playbooks/ --strict', 'crisis validate my-crisis.yaml --json'],
  schema: ['crisis schema --kind playbook > playbook.schema.json', 'crisis schema --kind answers'],
  init: ['crisis init', 'crisis init ./our-playbooks'],
  start: [
    'crisis start product-quality',
    'crisis start cybersecurity --severity critical --jurisdiction cn --operator "Wei Zhang"',
    'crisis start product-quality --answers answers.yaml',
  ],
  resume: ['crisis resume latest', 'crisis resume --crisis product-quality', 'crisis resume 20261130-0915'],
  join: ['crisis join latest --as spokesperson --store postgres://crisis@db/crisis'],
  completion: [
    'crisis completion bash >> ~/.bashrc',
    'crisis completion fish > ~/.config/fish/completions/crisis.fish',
  ],
  export: ['crisis export latest > session.jsonl'],
  import: ['crisis import session.jsonl --store postgres://crisis@db/crisis'],
  status: ['crisis status', 'crisis status latest', 'crisis status --drills --json'],
  log: ['crisis log latest', 'crisis log latest --format csv --bom > log.csv', 'crisis log latest --format jsonl'],
  verify: ['crisis verify latest', 'crisis verify latest --head "$(cat kept-chain-head.txt)"'],
  drill: [
    'crisis drill product-quality-batch-defect',
    'crisis drill playbooks/drills --junit drills.xml',
    'crisis drill cybersecurity-data-breach --interactive --speed 30',
  ],
  checklist: [
    'crisis checklist product-quality --format html -o checklist.html',
    'crisis checklist product-quality --role spokesperson --cards',
    'crisis checklist --session latest',
  ],
  review: ['crisis review latest', 'crisis review latest --format html -o review.html --no-interactive'],
};

/** The block commander prints after a command's options, under `heading` (the run's language: `示例：`). */
export function examplesHelp(command: string, heading = 'Examples:'): string | undefined {
  const examples = Object.hasOwn(EXAMPLES, command) ? EXAMPLES[command] : undefined;
  return examples ? `\n${heading}\n${examples.map((e) => `  $ ${e}`).join('\n')}\n` : undefined;
}
