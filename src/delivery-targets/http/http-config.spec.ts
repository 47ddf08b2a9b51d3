import { validateModel } from '../../common/validation';
import { HttpConfig } from './http-config';

const problemsOf = (config: object) => validateModel(HttpConfig, config, 'DeliveryTargets.Http').problems;
const BASE = { Endpoint: 'https://hooks.example.com/tracking', Secret: 's' };

describe('HttpConfig custom auth header', () => {
  it('accepts a token name and a visible-ASCII value', () => {
    expect(problemsOf({ ...BASE, CustomAuthHeaderName: 'x-functions-key', CustomAuthHeaderValue: 'Bearer k3y==' })).toEqual([]);
  });

  it.each(['x-key\r\nx-other', 'x key', 'x:key', ''])('refuses the header name %j', (CustomAuthHeaderName) => {
    const problems = problemsOf({ ...BASE, CustomAuthHeaderName, CustomAuthHeaderValue: 'v' });
    expect(problems.map((problem) => problem.property)).toEqual(['DeliveryTargets.Http.CustomAuthHeaderName']);
  });

  it.each(['key\r\nX-Injected: 1', 'key\u0000', 'clé'])('refuses the value %j, naming the field but not the value', (value) => {
    const problems = problemsOf({ ...BASE, CustomAuthHeaderName: 'x-key', CustomAuthHeaderValue: value });
    expect(problems).toEqual([
      {
        property: 'DeliveryTargets.Http.CustomAuthHeaderValue',
        message: expect.stringMatching(/^DeliveryTargets\.Http\.CustomAuthHeaderValue must be a valid HTTP header value/),
      },
    ]);
    expect(problems[0].message).not.toContain('key');
  });
});
