import { fc, test } from '@fast-check/jest';
import { HttpHeaderValue, OptionalString } from './property-decorators';
import { validateModel } from './validate-model';

class HeaderHolder {
  @OptionalString()
  @HttpHeaderValue()
  Value?: string;
}

const problemsOf = (Value: unknown) => validateModel(HeaderHolder, { Value }).problems;

describe('HttpHeaderValue', () => {
  it.each(['Bearer abc.def-ghi', 'key=value; other="x y"', 'a\tb', '!~', 'x'])('accepts %j', (value) => {
    expect(problemsOf(value)).toEqual([]);
  });

  it.each([
    ['a CR/LF that would start another header', 'secret\r\nX-Injected: 1'],
    ['a lone LF', 'secret\n'],
    ['a NUL', 'sec\u0000ret'],
    ['DEL', 'secret\u007f'],
    ['a character outside ASCII', 'sécret'],
    ['leading whitespace', ' secret'],
    ['trailing whitespace', 'secret\t'],
  ])('refuses %s, without repeating the value', (_, value) => {
    const problems = problemsOf(value);
    expect(problems).toEqual([
      {
        property: 'Value',
        message:
          'Value must be a valid HTTP header value: visible ASCII characters, with spaces or tabs only between them (no line breaks or control characters).',
      },
    ]);
    expect(problems[0].message).not.toContain(value.trim());
  });

  it('leaves a value that is not a string to the string rules', () => {
    expect(problemsOf(42)).toEqual([{ property: 'Value', message: 'Value must be a string.' }]);
  });

  test.prop([fc.string(), fc.integer({ min: 0, max: 0x1f }).filter((code) => code !== 0x09), fc.string()])(
    'refuses every value with a control character other than tab',
    (before, code, after) => {
      expect(problemsOf(`x${before}${String.fromCharCode(code)}${after}x`)).toHaveLength(1);
    },
  );
});
