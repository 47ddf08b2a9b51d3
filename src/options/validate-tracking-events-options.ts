import { ValidateBy, ValidationOptions, validateSync } from 'class-validator';
import { InvalidTrackingEventsOptionError } from './invalid-tracking-events-option.error';
import type { TrackingEventsModuleOptions } from './tracking-events-module-options.interface';

interface OptionHint {
  /** What the option must be, e.g. "must be a function". */
  expected: string;
  /** How to fix it, shown in the boot error. */
  fix: string;
}

const FIX_CONTEXT = 'fix';

function IsFunctionOption(hint: OptionHint, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFunctionOption',
      validator: {
        validate: (value: unknown) => typeof value === 'function',
        defaultMessage: () => hint.expected,
      },
    },
    { ...options, context: { [FIX_CONTEXT]: hint.fix } },
  );
}

/** The shape every options object is checked against at boot. */
class TrackingEventsOptionsSchema implements TrackingEventsModuleOptions {
  @IsFunctionOption({
    expected: 'must be a function (request) => caller | null',
    fix: 'pass resolveCaller, e.g. `resolveCaller: (req) => auth.callerFromBearerToken(req.headers.authorization)`.',
  })
  resolveCaller!: TrackingEventsModuleOptions['resolveCaller'];

  @IsFunctionOption({
    expected: 'must be a function (clientId) => boolean',
    fix: 'pass apiClientExists, e.g. `apiClientExists: (id) => apiClients.exists(id)`.',
  })
  apiClientExists!: TrackingEventsModuleOptions['apiClientExists'];
}

const KNOWN_OPTIONS = ['resolveCaller', 'apiClientExists'];

/**
 * Checks the options the host gave, so that a mistake stops the app at boot with a message naming
 * the option and the fix instead of failing later on a request.
 */
export function validateTrackingEventsOptions(options: unknown): TrackingEventsModuleOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidTrackingEventsOptionError(
      'options',
      `must be an object, got ${options === null ? 'null' : typeof options}`,
      'pass an options object to TrackingEventsModule.forRoot(), or return one from the forRootAsync() useFactory.',
    );
  }
  const unknown = Object.keys(options).find((key) => !KNOWN_OPTIONS.includes(key));
  if (unknown !== undefined) {
    throw new InvalidTrackingEventsOptionError(
      unknown,
      'is not a known option',
      `remove it or check its spelling; the options are ${KNOWN_OPTIONS.join(', ')}.`,
    );
  }
  const candidate = Object.assign(new TrackingEventsOptionsSchema(), options);
  const [failure] = validateSync(candidate, { forbidUnknownValues: false });
  if (failure) {
    const [constraint, expected] = Object.entries(failure.constraints ?? {})[0] ?? [];
    const fix = constraint ? (failure.contexts?.[constraint]?.[FIX_CONTEXT] as string | undefined) : undefined;
    throw new InvalidTrackingEventsOptionError(
      failure.property,
      `${expected ?? 'is invalid'}, got ${describe(failure.value)}`,
      fix ?? 'see the host guide for the accepted values.',
    );
  }
  return candidate;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string "${value}"`;
  return `a value of type ${typeof value}`;
}
