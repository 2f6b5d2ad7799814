import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

/**
 * playbooks/GLOSSARY.md holds one Chinese term per English term and the
 * variants it replaces; no file of the library or the message catalogue may
 * use a rejected variant or a word to avoid (issue 14: 首份声明 vs 首次声明 …).
 */
const GLOSSARY = readFileSync(path.join(REPO_ROOT, 'playbooks', 'GLOSSARY.md'), 'utf8');

/** The rows of the first table under a heading (or the top of the file). */
function table(after: string): string[][] {
  const lines = GLOSSARY.slice(GLOSSARY.indexOf(after)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

const terms = table('# Glossary').map(([en, zh, rejected]) => ({
  en: en!,
  zh: zh!,
  rejected: rejected!.split(',').map((v) => v.trim()),
}));
const avoid = table('## Words to avoid').map(([word]) => word!);

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && ext.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}
const LIBRARY = [
  ...files(path.join(REPO_ROOT, 'playbooks'), /\.ya?ml$/),
  ...files(path.join(REPO_ROOT, 'src', 'text', 'catalogue'), /\.ts$/),
];
const texts = LIBRARY.map((file) => ({ file: path.relative(REPO_ROOT, file), text: readFileSync(file, 'utf8') }));

/** Every place a variant is used, once the chosen term is taken out: "file: …context…". */
function uses(variant: string, chosen?: string): string[] {
  const out: string[] = [];
  for (const { file, text } of texts) {
    const rest = chosen ? text.split(chosen).join('\u0000') : text;
    for (let at = rest.indexOf(variant); at >= 0; at = rest.indexOf(variant, at + 1))
      out.push(`${file}: …${rest.slice(Math.max(0, at - 8), at + variant.length + 8).replace(/\s+/g, ' ')}…`);
  }
  return out;
}

describe('playbooks/GLOSSARY.md', () => {
  it('has the terms the issue names, each with a Chinese term and at least one rejected variant', () => {
    expect(terms.map((t) => `${t.en} → ${t.zh}`)).toEqual([
      'first statement → 首次声明',
      'post-crisis review → 事后复盘',
      'incident lead → 危机总指挥',
      'crisis team → 危机应对小组',
      'rapid response (principle) → 快速响应',
      'transparent communication (principle) → 公开透明',
      'take responsibility (principle) → 承担责任',
      'prevention first (principle) → 预防为先',
    ]);
    for (const t of terms) expect(t.rejected.length, t.en).toBeGreaterThan(0);
    expect(avoid).toEqual(['高度重视', '讲同一个故事', '即时发布']);
    expect(texts.length).toBeGreaterThan(20);
  });

  it.each(terms)('$en: the library says $zh, never a rejected variant', (t) => {
    expect(uses(t.zh).length, `${t.zh} is used`).toBeGreaterThan(0);
    const found = t.rejected.flatMap((v) => uses(v, t.zh));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('no file of the library uses a word to avoid', () => {
    const found = avoid.flatMap((w) => uses(w));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('the check bites: a rejected variant next to the chosen term is found, the chosen term alone is not', () => {
    texts.push({ file: 'probe.yaml', text: '由危机总指挥决定，再报总指挥' });
    try {
      expect(uses('总指挥', '危机总指挥')).toEqual(['probe.yaml: …由\u0000决定，再报总指挥…']);
    } finally {
      texts.pop();
    }
  });
});
