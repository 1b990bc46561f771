/**
 * Assembles seclog's processor chain from validated options: keys, redacted resource, exporter choice, and
 * `SecurityEventProcessor → RedactionProcessor → IntegrityProcessor → exporter`. No globals, no process hooks: those
 * belong to `startSecureLogging`, so the same chain can serve other ways of starting the SDK.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '@opentelemetry/resources';
import { ed25519Signer, IntegrityProcessor, isSynchronousExporter, isValidKeyName } from '@seclog/integrity';
import { EPHEMERAL_KID, type RedactionPolicyInput, RedactionProcessor, redactResource } from '@seclog/redaction';
import { SecurityEventProcessor } from '@seclog/semconv';
import { pseudonymKeyId } from '../key-sources.js';
import {
  type ExporterChoice,
  type SelectedExporter,
  sanitizeFileName,
  selectLogExporter,
} from '../log-exporter-selection.js';
import { OtlpJsonFileExporter } from '../otlp-json-file-exporter.js';
import { SecureLoggingConfigError, START_SECURE_LOGGING, withUserFieldPaths } from '../secure-logging-config-error.js';
import type { SecureLoggingOptions } from '../secure-logging-options.js';
import { buildServiceResource } from '../service-resource.js';
import { type LoadedKeys, loadKeys } from '../signing-keys.js';
import { developmentPublicKeyPath, saveDevelopmentPublicKey } from './development-public-key.js';

/** The assembled chain and what was decided on the way. */
export interface SecureChain {
  /** First processor of the chain (give it to the LoggerProvider). */
  readonly head: SecurityEventProcessor;
  readonly redaction: RedactionProcessor;
  readonly integrity: IntegrityProcessor;
  readonly resource: Resource;
  /** Redacts another SDK's resource with the chain's policy (NodeSDK owns the resource in that integration). */
  readonly redactForeignResource: (resource: Resource) => Resource;
  readonly keys: LoadedKeys;
  readonly exporter: SelectedExporter;
  readonly spillPath: string | undefined;
  /** Development mode: where the generated signing key's public key was saved (next to the archive). */
  readonly publicKeyPath: string | undefined;
  readonly securityEventMode: 'strict' | 'safe';
  /** Where notices go (stderr unless the caller chose). */
  readonly notice: (message: string) => void;
}

/**
 * Builds the chain from options that `validateOptions` accepted. Every setting is read from `options.env` when given
 * (else `process.env`); configuration errors of the components are {@link SecureLoggingConfigError}s naming the field
 * as the user wrote it.
 *
 * @param component named in errors and notices (`startSecureLogging`, `secureLogRecordProcessors`)
 */
export function buildSecureChain(options: SecureLoggingOptions, component: string = START_SECURE_LOGGING): SecureChain {
  const env = options.env ?? process.env;
  const production = (options.mode ?? (env.NODE_ENV === 'production' ? 'production' : 'development')) === 'production';
  const notice = options.notice ?? ((m: string) => process.stderr.write(`${m}\n`));
  const keys = loadKeys(options.keys ?? {}, env, production, notice, component);
  // A generated pseudonym key is labelled `ephemeral` in every pseudonym, as the redaction docs say.
  const kid = keys.ephemeral.pseudonym ? EPHEMERAL_KID : (pseudonymKeyId(options.keys, component, notice) ?? 'k1');
  const policy: RedactionPolicyInput = { ...options.redaction, hmac: { kid, key: keys.pseudonymKey } };
  const resource = withUserFieldPaths(component, () => redactResource(serviceResource(options, env), policy));
  const serviceName = String(resource.attributes['service.name'] ?? 'service');
  const archiveDir = options.archiveDir ?? env.SECLOG_ARCHIVE_DIR ?? join(tmpdir(), 'seclog');
  const exporter = selectLogExporter(exporterChoice(options), env, archiveDir, serviceName, { component, notice });
  const spillPath = spillPathFor(exporter, options.delivery?.spillPath, archiveDir, serviceName);
  const publicKeyPath = keys.ephemeral.signing
    ? saveDevelopmentPublicKey(keys.publicKeyPem, developmentPublicKeyPath(exporter, archiveDir, serviceName), notice)
    : undefined;
  const metrics = options.meterProvider ? { meterProvider: options.meterProvider } : {};
  const keyName = signingKeyName(options.keys?.signingKeyName, serviceName, component);

  const integrity = withUserFieldPaths(
    component,
    () =>
      new IntegrityProcessor({
        exporter: exporter.exporter,
        signer: ed25519Signer(keys.signingKey, { keyName }),
        ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
        delivery: {
          ...withoutSpillPath(options.delivery),
          ...(spillPath !== undefined ? { spill: new OtlpJsonFileExporter({ path: spillPath }) } : {}),
          ...metrics,
          onWarning: notice,
        },
      }),
  );
  const redaction = new RedactionProcessor({ next: integrity, policy, ...metrics });
  // Safe unless asked: a request must not fail, nor a security event be lost, over one mistyped attribute.
  const securityEventMode = options.securityEventMode ?? 'safe';
  const head = new SecurityEventProcessor({
    next: redaction,
    mode: securityEventMode,
    ...(options.geo ? { geo: options.geo } : {}),
  });
  const redactForeignResource = (foreign: Resource) => redactResource(foreign, policy);
  return {
    head,
    redaction,
    integrity,
    resource,
    redactForeignResource,
    keys,
    exporter,
    spillPath,
    publicKeyPath,
    securityEventMode,
    notice,
  };
}

function serviceResource(options: SecureLoggingOptions, env: NodeJS.ProcessEnv): Resource {
  return buildServiceResource(
    {
      serviceName: options.serviceName,
      serviceVersion: options.serviceVersion,
      serviceInstanceId: options.serviceInstanceId,
      environment: options.environment,
      attributes: options.resourceAttributes,
    },
    env,
  );
}

/** The `exporter` option as a choice: an exporter instance counts as `custom`. */
function exporterChoice(options: SecureLoggingOptions): ExporterChoice | undefined {
  const option = options.exporter;
  if (option !== undefined && 'export' in option) return { kind: 'custom', exporter: option };
  return option as ExporterChoice | undefined;
}

/**
 * The spill file for exporters that cannot write synchronously (OTLP over the network): next to the embedded archive
 * location, unless the caller chose another path or turned it off (`false`).
 */
function spillPathFor(
  selected: SelectedExporter,
  option: string | false | undefined,
  archiveDir: string,
  serviceName: string,
): string | undefined {
  if (option === false || isSynchronousExporter(selected.exporter)) return undefined;
  return option ?? join(archiveDir, `${sanitizeFileName(serviceName)}.undelivered.otlp.jsonl`);
}

function withoutSpillPath<T extends { spillPath?: unknown }>(o: T | undefined): Omit<T, 'spillPath'> | undefined {
  if (o === undefined) return undefined;
  const { spillPath: _ignored, ...rest } = o;
  return rest;
}

/** C2SP key names allow no spaces or `+`; derive one from the service name unless given. */
function signingKeyName(explicit: string | undefined, serviceName: string, component: string): string {
  if (explicit !== undefined) {
    if (!isValidKeyName(explicit)) {
      throw new SecureLoggingConfigError(
        component,
        'options.keys.signingKeyName',
        "must be non-empty, without spaces or '+'",
      );
    }
    return explicit;
  }
  const derived = serviceName.replace(/[\s+]/g, '_').slice(0, 64);
  return isValidKeyName(derived) ? derived : 'seclog';
}
