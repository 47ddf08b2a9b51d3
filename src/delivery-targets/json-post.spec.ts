import { joinUrl } from './json-post';

describe('joinUrl', () => {
  it.each([
    ['https://t.stat-track.com', ['identify'], 'https://t.stat-track.com/identify'],
    ['https://t.stat-track.com/', ['identify'], 'https://t.stat-track.com/identify'],
    ['https://t.stat-track.com//', ['/track'], 'https://t.stat-track.com/track'],
    ['https://proxy.example.com/send/', ['/track/'], 'https://proxy.example.com/send/track'],
    [
      'https://discover.sitecorecloud.io',
      ['event', '123-456', 'v4', 'publish'],
      'https://discover.sitecorecloud.io/event/123-456/v4/publish',
    ],
  ])('joins %s and %j without doubled or missing slashes', (base, segments, expected) => {
    expect(joinUrl(base, ...segments)).toBe(expected);
  });

  it('leaves encoding to the caller', () => {
    expect(joinUrl('https://host', 'event', encodeURIComponent('a/b c'))).toBe('https://host/event/a%2Fb%20c');
  });
});
