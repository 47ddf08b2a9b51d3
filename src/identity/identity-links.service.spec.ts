import type { DataSource } from 'typeorm';
import { migratedSqliteDataSource } from '../migrations/sqlite-data-source.fixtures';
import { IdentityLinksService } from './identity-links.service';

describe('IdentityLinksService', () => {
  let dataSource: DataSource;
  let links: IdentityLinksService;

  beforeEach(async () => {
    dataSource = await migratedSqliteDataSource();
    links = new IdentityLinksService(dataSource);
  });

  afterEach(async () => {
    await dataSource.destroy();
  });

  it("makes the latest link the user's current anonymous ID, even within the same second", async () => {
    expect(await links.link('beacon-a', 'bea')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(await links.link('beacon-b', 'bea')).toBe(true);
    expect(await links.currentAnonymousId('bea')).toBe('beacon-b');
  });

  it('changes nothing when the same link is recorded again', async () => {
    await links.link('beacon-a', 'bea');
    await new Promise((resolve) => setTimeout(resolve, 2));
    await links.link('beacon-b', 'bea');
    expect(await links.link('beacon-a', 'bea')).toBe(false);
    expect(await links.currentAnonymousId('bea')).toBe('beacon-b');
    expect((await links.linksOf('bea')).map((link) => link.anonymousId)).toEqual(['beacon-b', 'beacon-a']);
  });

  it("keeps users apart and unlinks all of one user's links, and only those", async () => {
    await links.link('beacon-a', 'bea');
    await links.link('beacon-b', 'bea');
    await links.link('beacon-c', 'cal');
    const { anonymousIds, deleted } = await links.unlinkUser('bea');
    expect({ anonymousIds: anonymousIds.sort(), deleted }).toEqual({ anonymousIds: ['beacon-a', 'beacon-b'], deleted: 2 });
    expect(await links.currentAnonymousId('bea')).toBeUndefined();
    expect(await links.currentAnonymousId('cal')).toBe('beacon-c');
  });

  it("unlinks the user's anonymous IDs from another user stitched from the same browser too", async () => {
    await links.link('shared-beacon', 'bea');
    await links.link('shared-beacon', 'cal');
    await links.link('beacon-c', 'cal');
    expect(await links.unlinkUser('bea')).toEqual({ anonymousIds: ['shared-beacon'], deleted: 2 });
    expect((await links.linksOf('cal')).map((link) => link.anonymousId)).toEqual(['beacon-c']);
    expect(await links.unlinkUser('nobody')).toEqual({ anonymousIds: [], deleted: 0 });
  });

  it('reads the current anonymous IDs of several users in one go, leaving out users without one', async () => {
    await links.link('beacon-a', 'bea');
    await new Promise((resolve) => setTimeout(resolve, 2));
    await links.link('beacon-b', 'bea');
    await links.link('beacon-c', 'cal');
    expect(await links.currentAnonymousIds(['bea', 'cal', 'dan', 'bea'])).toEqual(
      new Map([
        ['bea', 'beacon-b'],
        ['cal', 'beacon-c'],
      ]),
    );
    expect(await links.currentAnonymousIds([])).toEqual(new Map());
  });

  it('stores only the two IDs and the time', async () => {
    await links.link('beacon-a', 'bea');
    const [row] = await dataSource.query('SELECT * FROM oc_identity_links');
    expect(Object.keys(row).sort()).toEqual(['anonymous_id', 'linked_at', 'user_id']);
  });
});
