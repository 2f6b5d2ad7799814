/**
 * How many single-character edits (insert, delete, replace, swap two neighbours) turn `a` into `b`, or
 * `max + 1` once it is sure to be more than `max`: an id is compared with a short list of known ones, and a long
 * or far one costs no more than its length.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // three rows of the optimal-string-alignment table: the one two back is what a swap reads
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    before = previous;
    previous = row;
  }
  return Math.min(previous[b.length]!, max + 1);
}

/** The known word closest to `word` within `max` edits (the first of equals, in `known`'s order), if any. */
export function nearestWord(word: string, known: readonly string[], max: number): string | undefined {
  let nearest: string | undefined;
  let distance = max + 1;
  for (const candidate of known) {
    const d = editDistance(word, candidate, max);
    if (d < distance) [nearest, distance] = [candidate, d];
  }
  return nearest;
}
