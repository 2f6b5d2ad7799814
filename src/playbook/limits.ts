/** Files larger than this are refused: yaml parses about 1 MB per second. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Below this many files to parse, starting workers (each loads yaml and zod) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 64;
