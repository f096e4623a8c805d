export { parseArtifact, type ArtifactInput, type ArtifactSource } from "./artifact";
export { toolFromName } from "./detect";
export { BYTES_PER_MB, DEFAULT_MAX_ARTIFACT_BYTES, DEFAULT_MAX_ARTIFACT_MB, tooLargeMessage } from "./read";
export * from "./types";
