/** Files larger than this are refused: yaml parses about 1 MB per second. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
