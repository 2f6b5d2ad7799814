import { describe, expect, it, vi } from 'vitest';
import * as checklist from '../../src/text/catalogue/checklist.js';
import * as cli from '../../src/text/catalogue/cli.js';
import * as common from '../../src/text/catalogue/common.js';
import * as drill from '../../src/text/catalogue/drill.js';
import * as errors from '../../src/text/catalogue/errors.js';
import * as help from '../../src/text/catalogue/help.js';
import * as problems from '../../src/text/catalogue/problems.js';
import * as notices from '../../src/text/catalogue/notices.js';
import * as review from '../../src/text/catalogue/review.js';
import * as screen from '../../src/text/catalogue/screen.js';
import { catalogue, isMessageKey, msg, messagesFor } from '../../src/text/messages.js';

const sections = { checklist, cli, common, drill, errors, help, notices, problems, review, screen };
/** The parameter names a message uses, each once: `{count}` and `{count:event|events}` both use `count`. */
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{([a-zA-Z0-9_]+)(?::[^{}|]*\|[^{}|]*)?\}/g)].map((m) => m[1]))].sort();

describe('message catalogue', () => {
  it('fills {placeholders} and leaves a missing one visible', () => {
    expect(msg('en', 'session.resumeWith', { command: 'npx crisis resume 3f9a' })).toBe(
      'resume with: npx crisis resume 3f9a',
    );
    expect(msg('zh', 'session.resumeWith', { command: 'crisis resume 3f9a' })).toBe('继续请运行：crisis resume 3f9a');
    expect(msg('en', 'screen.recordedStep', { seq: 7, type: 'step.completed' })).toBe(
      '✓ recorded #7 step.completed {step}',
    );
    expect(messagesFor('zh')('severity.high')).toBe('高');
  });

  it('words a {name:one|other} placeholder for the count: one for 1, other for 0 and 2; a string count too', () => {
    expect(msg('en', 'verify.intact', { file: 'a.jsonl', count: 1 })).toBe('✓ a.jsonl: 1 event, hash chain intact');
    expect(msg('en', 'verify.intact', { file: 'a.jsonl', count: 2 })).toBe('✓ a.jsonl: 2 events, hash chain intact');
    expect(msg('en', 'verify.intact', { file: 'a.jsonl', count: 0 })).toBe('✓ a.jsonl: 0 events, hash chain intact');
    expect(msg('en', 'notice.goodEventsUsed', { count: 1, command: 'crisis verify x' })).toBe(
      'only 1 good event is used; run `crisis verify x`',
    );
    expect(msg('en', 'notice.goodEventsUsed', { count: 3, command: 'crisis verify x' })).toBe(
      'only 3 good events are used; run `crisis verify x`',
    );
    // commander's captures are strings
    expect(msg('en', 'error.cmd.tooMany', { command: 'log', expected: '1', got: '2' })).toBe(
      "too many arguments for 'log'. Expected 1 argument but got 2.",
    );
    // Chinese has no plural: the same count, the same words
    expect(msg('zh', 'verify.intact', { file: 'a.jsonl', count: 1 })).toBe(
      msg('zh', 'verify.intact', { file: 'a.jsonl', count: 2 }).replace('2', '1'),
    );
    // without its count the placeholder stays visible, as {name} does
    expect(msg('en', 'verify.intact', { file: 'a.jsonl' })).toBe(
      '✓ a.jsonl: {count} {count:event|events}, hash chain intact',
    );
  });

  it('writes every brace as a placeholder: {name} or {name:one|other}, never a stray or malformed one', () => {
    for (const lang of ['en', 'zh']) {
      const bad = Object.entries(catalogue(lang)).filter(([, text]) =>
        /[{}]/.test(text.replace(/\{[a-zA-Z0-9_]+(?::[^{}|]*\|[^{}|]*)?\}/g, '')),
      );
      expect(bad.map(([key]) => `${lang} ${key}`)).toEqual([]);
    }
  });

  it('puts no bare plural after a count in English: "1 events" would read wrong', () => {
    // A count (by the names counts have), maybe an adjective, then a plural or "(s)": the noun must be a
    // {count:one|other} that agrees. Listed: counts that are never 1 (over a limit of many, two matches or more).
    const counts = 'count|events|total|files|errors|warnings|lines|bytes|steps|items|min|max|missing|n|held|hits|read';
    const bare = new RegExp(`\\{(?:${counts})\\}(?: [a-z]+)? (?:[a-z]{2,}s\\b|[a-z]+\\(s\\))`);
    const found = Object.entries(catalogue('en'))
      .filter(([, text]) => bare.test(text))
      .map(([key]) => key);
    expect(found).toEqual([
      'error.session.ambiguous',
      'error.event.tooLong',
      'problem.lint.checklistLength',
      'problem.lint.pausePointLength',
      'problem.statement.length',
      'problem.statement.lengthTemplate',
      'problem.chain.tooLong',
    ]);
  });

  it('reads English for any language but zh', () => {
    expect(msg('fr', 'common.none')).toBe('none');
    expect(msg('en', 'list.kind.drill')).toBe('Drills');
    expect(msg('zh', 'list.kind.drill')).toBe('演练');
  });

  it('knows its keys', () => {
    expect(isMessageKey('target.assessment')).toBe(true);
    expect(isMessageKey('target.nope')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });

  it('has no key in two sections (a later one would silently win)', () => {
    const all = Object.values(sections).flatMap((s) => Object.keys(s.en));
    const seen = new Set<string>();
    const twice = all.filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
    expect(twice).toEqual([]);
    expect(Object.keys(catalogue('en')).length).toBe(all.length);
  });

  it('uses the same placeholders in both languages', () => {
    const en = catalogue('en');
    const zh = catalogue('zh');
    const differ = Object.keys(en).filter(
      (k) =>
        placeholders(en[k as keyof typeof en]).join() !== placeholders(zh[k as keyof typeof zh]).join() ||
        zh[k as keyof typeof zh] === undefined,
    );
    expect(differ).toEqual([]);
  });

  it('has no English words in the Chinese entries', () => {
    // Allowed Latin text: placeholders, ids, what the operator types (TODO:, $EDITOR, Esc, 10m, T, ID, HH:MM),
    // a command or a value in backticks, a flag, and the names of formats and products, written as in English.
    const allowed =
      /`[^`]*`|--[a-z-]+|\{[a-zA-Z0-9_]+\}|\$EDITOR|TODO:|Esc|YYYY-MM-DD|HH:MM|\b\d+[smhd]\b|\bT\b|\bID\b|#/g;
    const names = /\b(?:YAML|JSONL?|HTML|CSV|Markdown|JUnit|XML|PostgreSQL|Excel|UTF-8|VS Code)\b/g;
    const english = Object.entries(catalogue('zh'))
      .filter(([, text]) => /[A-Za-z]{2,}/.test(text.replace(allowed, '').replace(names, '')))
      .map(([key]) => key);
    expect(english).toEqual([]);
  });

  it('quotes with “…” in the Chinese entries, never with straight "…" or \'…\' (what the operator types keeps its own)', () => {
    // Left as typed: code in backticks, and a flag's example value, which the shell needs in ASCII quotes.
    const typed: Record<string, string> = {
      'join.asLogin': '--operator "你的名字"',
      'start.asLogin': '--operator "你的名字"',
    };
    const zh: Record<string, string> = catalogue('zh');
    for (const [key, literal] of Object.entries(typed)) expect(zh[key], key).toContain(literal);
    const words = Object.entries(zh).map(([key, text]): [string, string] => [
      key,
      text.replace(/`[^`]*`/g, '').replace(typed[key] ?? '', ''),
    ]);
    const straight = words.filter(([, text]) => text.includes('"')).map(([key]) => key);
    expect(straight).toEqual([]);
    // An apostrophe inside a Latin word (don't, O'Brien) is no quotation mark; any other ASCII ' is one: 未知选项 '{option}'.
    const single = words
      .filter(([, text]) => text.replace(/(?<=[A-Za-z])'(?=[A-Za-z])/g, '').includes("'"))
      .map(([key]) => key);
    expect(single).toEqual([]);
  });

  it('loads Chinese only when asked, and refuses to word Chinese before (never English in its place)', async () => {
    // A fresh copy of the module, as a process starts: the setup file loaded zh into the shared one.
    vi.resetModules();
    const fresh = await import('../../src/text/messages.js');
    expect(fresh.msg('en', 'severity.high')).toBe('high');
    expect(() => fresh.msg('zh', 'severity.high')).toThrow(/zh message catalogue is not loaded/);
    expect(() => fresh.catalogue('zh')).toThrow(/not loaded/);
    await fresh.loadLanguage('fr'); // any other language reads English: nothing to load
    expect(() => fresh.msg('zh', 'severity.high')).toThrow(/not loaded/);
    await fresh.loadLanguage('zh');
    expect(fresh.msg('zh', 'severity.high')).toBe('高');
    expect(fresh.catalogue('zh')).toEqual(catalogue('zh'));
  });
});
