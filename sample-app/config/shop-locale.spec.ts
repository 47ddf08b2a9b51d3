import { languageOf } from './shop-locale';

describe('languageOf', () => {
  it.each([
    ['en-US', 'en'],
    ['fr_CA', 'fr'],
    ['DE', 'de'],
    [null, 'en'],
    ['', 'en'],
  ])('reads the language of %p as %p', (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });
});
