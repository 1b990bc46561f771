/**
 * The one HTTP method list against the two specifications it serves: OpenTelemetry's known values of
 * `http.request.method` and the `http_request.http_method` enum of the OCSF 1.8.0 schema.
 */
import * as otel from '@opentelemetry/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { HTTP_REQUEST_METHOD_OTHER, HTTP_REQUEST_METHODS } from '../../src/index.js';
import { OCSF_HTTP_METHODS } from '../../src/projections/ocsf-tables.js';
import { loadOcsfSchema } from './ocsf-schema.js';
import { ocsfSchemaFile } from './reference-paths.js';

describe('HTTP_REQUEST_METHODS', () => {
  it('holds every known value @opentelemetry/semantic-conventions defines, plus QUERY', () => {
    const stable = Object.entries(otel)
      .filter(([name]) => name.startsWith('HTTP_REQUEST_METHOD_VALUE_'))
      .map(([, value]) => value as string);
    expect(stable).toContain(HTTP_REQUEST_METHOD_OTHER);
    const known = stable.filter((m) => m !== HTTP_REQUEST_METHOD_OTHER);
    expect([...HTTP_REQUEST_METHODS].filter((m) => !known.includes(m))).toEqual(['QUERY']);
    expect(known.filter((m) => !(HTTP_REQUEST_METHODS as readonly string[]).includes(m))).toEqual([]);
  });

  it('gives the OCSF projection exactly the methods the OCSF 1.8.0 schema enumerates', () => {
    const schema = loadOcsfSchema(ocsfSchemaFile);
    const values = schema.objects.get('http_request')?.attributes.get('http_method')?.enum;
    expect(values).toBeDefined();
    expect([...OCSF_HTTP_METHODS].sort()).toEqual([...(values?.keys() ?? [])].sort());
  });
});
