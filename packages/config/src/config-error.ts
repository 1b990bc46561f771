/**
 * The one shape of a configuration error in seclog: which component, which field (the full path, e.g.
 * `delivery.maxQueueSize`), and what is wrong with it. Never the value: options are where keys and secrets are put,
 * rightly or by mistake, and start-up errors end up in logs and tickets.
 */

/**
 * Base class of every package's configuration error (`IntegrityConfigError`, `RedactionPolicyError`, …). A
 * `TypeError`, as a wrong option is a wrong argument.
 */
export class SeclogConfigError extends TypeError {
  override readonly name: string = 'SeclogConfigError';
  /** The component whose options are wrong, e.g. `IntegrityProcessor`. */
  readonly component: string;
  /** Full path of the offending field, e.g. `delivery.maxQueueSize`; `options` for the options object itself. */
  readonly field: string;

  constructor(component: string, field: string, problem: string) {
    super(`${component}: ${field} ${problem}`);
    this.component = component;
    this.field = field;
  }
}

/** A constructor of a package's error class, for {@link optionReader}. */
export type ConfigErrorClass = new (component: string, field: string, problem: string) => SeclogConfigError;
