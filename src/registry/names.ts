// Name rules that code outside the schema checks too (`-p` on the command line), kept apart from
// schema.ts so that checking them does not load zod.

/** A Compose project name: lowercase letters, digits, _ and -, starting with a letter or digit. */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9_-]*$/;
