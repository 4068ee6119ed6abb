// Every string of the registry must be valid Compose interpolation: Compose itself refuses the
// file otherwise ("invalid interpolation format … You may need to escape any $ with another $").

import { formatPath } from '../path.js';
import { templatedStrings } from './templated.js';
import { errorAt, type Validator } from './types.js';

/** A `$` that is not `$$`, `$VAR` or a well-formed `${…}`. */
export const interpolationSyntax: Validator = {
  name: 'interpolation-syntax',
  check: (ctx) =>
    templatedStrings(ctx.raw).flatMap(({ path, parsed }) => {
      if (!('error' in parsed)) return [];
      const fragment = parsed.error.length > 40 ? `${parsed.error.slice(0, 40)}…` : parsed.error;
      return [
        errorAt(
          ctx,
          path,
          `${formatPath(path)}: invalid interpolation ${JSON.stringify(fragment)}`,
          'write ${NAME}, ${NAME:-default} or ${NAME:?message}; escape a literal $ as $$',
        ),
      ];
    }),
};
