import { IsString } from 'class-validator';
import { validateModel } from './validate-model';

class Named {
  @IsString({ message: 'must be a string' })
  Name: string;
}

class NoSettings {}

describe('validateModel', () => {
  it('keeps the declared properties and drops the others', () => {
    const result = validateModel(Named, { Name: 'a', Extra: 1 });
    expect(result.problems).toEqual([]);
    expect(result.value).toEqual(Object.assign(new Named(), { Name: 'a' }));
  });

  it('reports each problem with its path', () => {
    expect(validateModel(Named, { Name: 3 }, 'DeliveryTargets.Named').problems).toEqual([
      { property: 'DeliveryTargets.Named.Name', message: 'DeliveryTargets.Named.Name must be a string.' },
    ]);
  });

  it('takes an object for a model that declares no property, and keeps none of its properties', () => {
    const result = validateModel(NoSettings, { Anything: 'x', __proto__: { polluted: true } });
    expect(result.problems).toEqual([]);
    expect(result.value).toBeInstanceOf(NoSettings);
    expect(Object.keys(result.value!)).toEqual([]);
  });

  it.each([[null], [[]], ['text'], [7]])('refuses %j, which is not a JSON object', (plain) => {
    expect(validateModel(NoSettings, plain, 'DeliveryTargets.None').problems).toEqual([
      { property: 'DeliveryTargets.None', message: 'DeliveryTargets.None must be a JSON object.' },
    ]);
  });
});
