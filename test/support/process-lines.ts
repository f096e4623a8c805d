import { z } from "zod";

/* Reading a child process's output as Stageboard's processes write it: lines of pino JSON. */

const logLine = z.object({ msg: z.string() }).passthrough();
export type LogLine = z.infer<typeof logLine>;

/** Lines of a stream, a line cut between chunks joined again. */
export function onLines(stream: NodeJS.ReadableStream, handle: (line: string) => void) {
  let buffer = "";
  stream.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) handle(line);
  });
}

/** A log line, or undefined for anything else (a crash, stray output). */
export function parseLogLine(line: string): LogLine | undefined {
  try {
    const parsed = logLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
