/**
 * @seclog/config — option validation shared by the seclog packages: one error shape naming the component and the
 * full field path (never the value), readers with defaults and bounds, and unknown keys refused with a suggestion.
 */
export { type ConfigErrorClass, SeclogConfigError } from './config-error.js';
export { type IntegerRule, type OptionReader, optionReader } from './option-reader.js';
export { closestName } from './suggest.js';
