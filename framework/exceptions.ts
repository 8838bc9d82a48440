/**
 * Configuration errors, as Pyramid's `pyramid.exceptions`: mistakes found at start-up (never per
 * request). Kept free of imports so that any module can raise them.
 */

/** A configuration mistake: the message names the thing and the way out. */
export class ConfigurationError extends Error {
  name = 'ConfigurationError';
}

/** Where a directive was given, for conflict reports. */
export interface SiteLike {
  toString(): string;
}

/** Two or more directives claim the same thing; Pyramid's ConfigurationConflictError. */
export class ConfigurationConflictError extends ConfigurationError {
  name = 'ConfigurationConflictError';
  constructor(readonly conflicts: Array<{ discriminator: readonly unknown[]; sites: Array<SiteLike | null> }>) {
    super(
      'Conflicting configuration actions\n' +
        conflicts
          .map(
            ({ discriminator, sites }) =>
              `  For: ${discriminatorText(discriminator)}\n` + sites.map((s) => `    ${s ? s.toString() : '<unknown location>'}`).join('\n'),
          )
          .join('\n'),
    );
  }
}

function discriminatorText(d: readonly unknown[]): string {
  return '(' + d.map((part) => (typeof part === 'function' ? (part as Function).name : JSON.stringify(part))).join(', ') + ')';
}
