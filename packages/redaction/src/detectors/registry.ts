import type { Detector } from '../internal/detector.js';
import { authHeader } from './auth-header.js';
import { ipAddress } from './ip-address.js';
import { keyValue, sensitiveQueryParam } from './key-value.js';
import { creditCard, cvv, email, iban, phone, usSsn } from './pii.js';
import {
  aiApiKey,
  awsAccessKeyId,
  awsSecretKey,
  githubToken,
  gitlabToken,
  googleApiKey,
  slackToken,
  stripeKey,
} from './prefixed-tokens.js';
import { cookieHeader, jwt, privateKey, urlCredentials } from './structured-secrets.js';
import { vendorToken } from './vendor-tokens.js';

/**
 * The built-in detectors in table order: the one list every other one derives from (the policy's detector names and
 * defaults, `DetectorName`, `BUILTIN_PATTERNS`, the README table's order).
 */
export const BUILTIN_DETECTORS = [
  privateKey,
  awsAccessKeyId,
  awsSecretKey,
  githubToken,
  gitlabToken,
  slackToken,
  stripeKey,
  googleApiKey,
  aiApiKey,
  vendorToken,
  jwt,
  authHeader,
  cookieHeader,
  urlCredentials,
  sensitiveQueryParam,
  keyValue,
  email,
  creditCard,
  usSsn,
  iban,
  ipAddress,
  phone,
  cvv,
] as const satisfies readonly Detector[];

/** Names of the built-in detectors (policy keys, metric labels), derived from the registry. */
export type DetectorName = (typeof BUILTIN_DETECTORS)[number]['name'];

/** The same, as a runtime list in table order. */
export const DETECTOR_NAMES: readonly DetectorName[] = Object.freeze(BUILTIN_DETECTORS.map((d) => d.name));

/** Looks a built-in detector up by name (`EMAIL`) or table id (`P1`). */
export function findBuiltinDetector(nameOrId: string): Detector | undefined {
  return BUILTIN_DETECTORS.find((d) => d.name === nameOrId || d.id === nameOrId);
}

/** Every regular expression shipped with the built-in detectors (gates included), for ReDoS audits. */
export const BUILTIN_PATTERNS: readonly { detector: string; regex: RegExp }[] = BUILTIN_DETECTORS.flatMap((d) => [
  ...d.patterns.map((regex) => ({ detector: d.name, regex })),
  ...(d.gate === undefined ? [] : [{ detector: d.name, regex: d.gate }]),
]);
