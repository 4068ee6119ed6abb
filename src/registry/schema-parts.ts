// Building blocks of the registry's zod schemas, shared by schema.ts and by each probe kind's own
// `health:` schema (src/probes/health-schemas.ts): one grammar of durations, paths, ports and defaults for all.

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { parseDuration } from '../util/duration.js';
import { DEFAULTS } from './defaults.js';

// zod/mini leaves messages to a locale; the English one is what the method form loads itself.
z.config(en());

const URL_PATH = /^\/[A-Za-z0-9._~/?=&%:-]*$/;
// The same grammar as parseDuration, repeated as a pattern so that editors can check it too.
const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:us|ms|s|m|h))+$';

/** A TCP port. */
export const PortNumberSchema = z.int().check(z.gte(1), z.lte(65535), z.describe('a whole number from 1 to 65535'));

/** A duration as Compose writes it. */
export const DurationSchema = z.string().check(
  z.refine((s) => parseDuration(s) !== undefined, {
    error: (iss) => `${JSON.stringify(iss.input)} is not a duration`,
    params: { hint: 'write a duration like 250ms, 5s, 2m or 1m30s' },
  }),
  z.meta({ pattern: DURATION_PATTERN, description: 'a duration like 250ms, 5s, 2m or 1m30s' }),
);

/** A URL path on the service: starts with `/`, URL-safe characters only. */
export const UrlPathSchema = z
  .string()
  .check(z.regex(URL_PATH), z.describe('a URL path that starts with / and holds only A-Z a-z 0-9 . _ ~ / ? = & % : -'));

/** An HTTP status code. */
export const StatusSchema = z.int().check(z.gte(100), z.lte(599), z.describe('an HTTP status code, 100 to 599'));

/** `schema`, optional, described: the mini form of `schema.optional().describe(text)`. */
export const optional = <T extends z.ZodMiniType>(schema: T, description: string) => z.optional(schema).check(z.describe(description));

/** `schema`, optional, with a default that pyat fills in (documented for editors, not applied by zod). */
export const defaulted = <T extends z.ZodMiniType>(schema: T, description: string, value: unknown) =>
  z.optional(schema).check(z.meta({ description, default: value }));

/** The timing keys every probe has. */
export const timing = {
  interval: defaulted(DurationSchema, `poll period while the service starts (default ${DEFAULTS.interval})`, DEFAULTS.interval),
  timeout: defaulted(DurationSchema, `how long the service may take to become ready (default ${DEFAULTS.timeout})`, DEFAULTS.timeout),
};

/** `health.port`, for the probes that reach a port. */
export const probePort = optional(
  PortNumberSchema,
  'the container port the probe targets (default: the first published port; postgres 5432, redis 6379)',
);
