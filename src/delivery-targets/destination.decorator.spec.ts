import { Destination, destinationOrigin, destinationPropertiesOf } from './destination.decorator';

class Target {
  @Destination()
  Endpoint: string;

  Other: string;
}

describe('@Destination', () => {
  it('names the properties that say where deliveries go', () => {
    expect(destinationPropertiesOf(Target)).toEqual(['Endpoint']);
    expect(destinationPropertiesOf(class Plain {})).toEqual([]);
  });
});

describe('destinationOrigin', () => {
  it.each([
    ['https://hooks.example.com/a?x=1', 'https://HOOKS.example.com:443/b', true],
    ['https://hooks.example.com/a', 'http://hooks.example.com/a', false],
    ['https://hooks.example.com/a', 'https://hooks.example.com:8443/a', false],
    ['https://hooks.example.com', 'https://hooks.example.com.evil.test', false],
    ['b1:9092, b2:9092', 'B2:9092,b1:9092', true],
    ['b1:9092,b2:9092', 'b1:9092,evil:9092', false],
  ])('%s and %s are the same destination: %s', (a, b, same) => {
    expect(destinationOrigin(a) === destinationOrigin(b)).toBe(same);
  });
});
