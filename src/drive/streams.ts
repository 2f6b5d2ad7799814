/** A stream as the CLI needs it; process.stdout fits, and so does a test buffer. */
export interface OutStream {
  /** Text, or bytes written as they are (`crisis export`). */
  write(chunk: string | Uint8Array): unknown;
  isTTY?: boolean;
  columns?: number;
}
export interface InStream extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}
