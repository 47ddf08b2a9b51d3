/** The sample shop sells in one currency only: no price lists per currency, no conversion. */
export const SHOP_CURRENCY = 'USD';

const DEFAULT_LANGUAGE = 'en';

/** The language of a locale such as `en-US` (`en`); the shop's default when there is none. */
export function languageOf(locale: string | null | undefined): string {
  const language = locale?.split(/[-_]/)[0]?.toLowerCase();
  return language || DEFAULT_LANGUAGE;
}
