/** The job summary's caps and its truncation marker, shared by the verdict and the error summary. */

/** Below GitHub's 1 MiB (1,048,576 bytes) limit for a step's summary, with room to spare. */
export const DEFAULT_SUMMARY_MAX_BYTES = 1_000_000;

/** Artifact rows shown per run; the JSON report always has every artifact. */
export const DEFAULT_MAX_ARTIFACT_ROWS = 200;

export const TRUNCATION_MARKER =
  '> ⚠️ **Summary truncated:** detail was left out to stay under GitHub’s size limit for job summaries. The JSON reports are complete.';
