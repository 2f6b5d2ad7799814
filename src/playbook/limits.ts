/** Files larger than this are refused: yaml parses about 1 MB per second. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Below this many files to parse, a worker costs more than it saves: it takes ~0.15–0.25 s CPU to start (node's
 * bootstrap, js-yaml, the message catalogue), and by then this thread has parsed most of 100 files. Measured side by
 * side at load 6–10 on 2 cores: 100 and 200 files were as fast or faster without one and ~0.2 s CPU cheaper;
 * 400 files were 0.26 s faster with one.
 */
export const MIN_FILES_FOR_WORKERS = 256;
