/**
 * Names of the records the integrity processor writes itself. Genesis (seq 0) and resource snapshots are leaves:
 * they carry `<ns>.stream` and `<ns>.seq` and are sealed like any record. Checkpoints are not leaves: they carry only
 * `<ns>.stream`, and their body is the signed note.
 */
import { DEFAULT_NAMESPACE } from '../canonical/seal-attributes.js';

/** Instrumentation scope name of integrity records. */
export const INTEGRITY_SCOPE_NAME = '@seclog/integrity';
/** Instrumentation scope version of integrity records. */
export const INTEGRITY_SCOPE_VERSION = '0.1.0';

/** Event names of integrity records for a namespace. */
export interface IntegrityEventNames {
  /** `<ns>.genesis`: leaf seq 0, body = genesis text. */
  readonly genesis: string;
  /** `<ns>.resource`: leaf, body = resource snapshot text. */
  readonly resource: string;
  /** `<ns>.checkpoint`: not a leaf, body = signed checkpoint note. */
  readonly checkpoint: string;
}

/** Event names for a namespace (default `seclog.integrity`). */
export function integrityEventNames(namespace: string = DEFAULT_NAMESPACE): IntegrityEventNames {
  return {
    genesis: `${namespace}.genesis`,
    resource: `${namespace}.resource`,
    checkpoint: `${namespace}.checkpoint`,
  };
}
