import { open, type FileHandle } from "node:fs/promises";
import { ArtifactError } from "./types";
import { errorMessage } from "@/lib/domain/error-message";

/** Default refusal threshold for one artifact; the lead wires SCAN_MAX_ARTIFACT_MB onto `maxBytes`. */
export const DEFAULT_MAX_ARTIFACT_MB = 50;
export const BYTES_PER_MB = 1024 * 1024;
export const DEFAULT_MAX_ARTIFACT_BYTES = DEFAULT_MAX_ARTIFACT_MB * BYTES_PER_MB;

export function formatSize(bytes: number): string {
  return bytes >= BYTES_PER_MB ? `${(bytes / BYTES_PER_MB).toFixed(1)} MB` : `${bytes} bytes`;
}

/** Why an artifact was refused for its size; `size` null when only "more than the limit" is known. */
export function tooLargeMessage(size: number | null, maxBytes: number): string {
  const what = size === null ? "more than" : `${formatSize(size)}, over`;
  return `too large: ${what} the limit of ${formatSize(maxBytes)}`;
}

function tooLarge(size: number | null, maxBytes: number): ArtifactError {
  return new ArtifactError(tooLargeMessage(size, maxBytes));
}

/** Refuses an oversized file from its size on disk, before reading; reads at most maxBytes+1 either way. */
export async function readFileBounded(path: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new ArtifactError(describeFsError(error));
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new ArtifactError("is a directory, not a file");
    if (stats.size > maxBytes) throw tooLarge(stats.size, maxBytes);
    // A pipe or device reports no useful size: read it in chunks, stopping one byte past the limit.
    if (!stats.isFile()) return await collect(chunksOf(handle), maxBytes);
    return await readExactly(handle, stats.size);
  } catch (error) {
    throw error instanceof ArtifactError ? error : new ArtifactError(describeFsError(error));
  } finally {
    await handle.close();
  }
}

/** One buffer of the size stat gave, no copying; a file that grows meanwhile is refused. */
async function readExactly(handle: FileHandle, size: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  let length = 0;
  while (length < size) {
    const { bytesRead } = await handle.read(buffer, length, size - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  const { bytesRead: more } = await handle.read(Buffer.alloc(1), 0, 1, length);
  if (more > 0) throw new ArtifactError("the file changed while it was being read");
  return buffer.subarray(0, length);
}

const CHUNK_BYTES = 4 * BYTES_PER_MB;

async function* chunksOf(handle: FileHandle): AsyncGenerator<Uint8Array> {
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Reads a stream (e.g. an HTTP response body) and gives up as soon as it passes maxBytes. */
export async function collect(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge(null, maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

function describeFsError(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  if (code === "ENOENT") return "file not found";
  if (code === "EACCES" || code === "EPERM") return "cannot read: permission denied";
  if (code === "EISDIR") return "is a directory, not a file";
  return `cannot read: ${errorMessage(error)}`;
}
