/**
 * How large an evidence file may be: the default cap for every kind, and the far lower cap for a
 * YAML risk assessment.
 */

export const DEFAULT_MAX_EVIDENCE_BYTES = 64 * 1024 * 1024;

/**
 * YAML risk assessments are capped far below other evidence: the yaml library builds a node
 * object per value, and peak RSS measured about 80 MiB per MiB of block YAML and 560–625 MiB for
 * 1 MiB of flow YAML (`[0,0,…]`) or of nesting; a 60 MiB file aborted the process at 4.4 GiB.
 * Real assessments are a few KiB.
 */
export const MAX_YAML_RISK_BYTES = 1024 * 1024;

/** The reason a YAML risk assessment of `size` bytes is refused, after its path. */
export function yamlTooLarge(size: number): string {
  return `is ${size} bytes, over the limit of ${MAX_YAML_RISK_BYTES} bytes (1 MiB) for a YAML risk assessment; YAML takes far more memory to parse than JSON, so shorten it or write it as JSON or Markdown`;
}
