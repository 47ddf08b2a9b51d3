import { InvalidTrackingEventsOptionError } from './invalid-tracking-events-option.error';
import { validateTrackingEventsOptions } from './validate-tracking-events-options';

describe('validateTrackingEventsOptions', () => {
  const valid = { resolveCaller: () => null, apiClientExists: () => true };

  it('accepts complete options and keeps the host functions', () => {
    const options = validateTrackingEventsOptions(valid);
    expect(options.resolveCaller).toBe(valid.resolveCaller);
    expect(options.apiClientExists).toBe(valid.apiClientExists);
  });

  it('names a missing option and how to fix it', () => {
    expect(() => validateTrackingEventsOptions({ resolveCaller: valid.resolveCaller })).toThrow(
      /option "apiClientExists" must be a function \(clientId\) => boolean, got nothing\. Fix: pass apiClientExists/,
    );
  });

  it('names an option of the wrong type', () => {
    const attempt = () => validateTrackingEventsOptions({ ...valid, resolveCaller: 'jwt' });
    expect(attempt).toThrow(InvalidTrackingEventsOptionError);
    expect(attempt).toThrow(/option "resolveCaller" must be a function .*, got the string "jwt"/);
  });

  it('refuses an unknown option so that a typo does not pass silently', () => {
    expect(() => validateTrackingEventsOptions({ ...valid, resolveCallers: () => null })).toThrow(
      /option "resolveCallers" is not a known option\. Fix: remove it or check its spelling/,
    );
  });

  it('refuses something that is not an options object', () => {
    expect(() => validateTrackingEventsOptions(undefined)).toThrow(/option "options" must be an object, got undefined/);
  });
});
