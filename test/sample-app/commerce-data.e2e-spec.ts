import { Cart, Tokens } from 'ordercloud-javascript-sdk';
import { SampleCommerceDataProvider } from '../../sample-app/tracking/sample-commerce-data.provider';
import { BUYER, login, RunningSampleApp, startSampleApp, useSdkAgainst } from '../support/sample-app-harness';
import { TEST_DATABASES } from '../support/test-databases';

/**
 * The sample shop's data as the tracking library reads it: many orders at once (one query, its rows
 * read as they come) give exactly what reading each order on its own gives.
 */
describe.each(TEST_DATABASES)('Sample commerce data ($name)', (database) => {
  let running: RunningSampleApp;
  let data: SampleCommerceDataProvider;

  beforeAll(async () => {
    running = await startSampleApp(database, { runWorkers: false });
    data = running.app.get(SampleCommerceDataProvider);
    useSdkAgainst(running);
  });

  afterAll(async () => {
    Tokens.RemoveAccessToken();
    await running?.close();
  });

  it('reads orders in a batch as it reads each one: totals, line counts, dates and status', async () => {
    Tokens.SetAccessToken(await login(BUYER, ['Shopper']));
    await Cart.CreateLineItem({ ProductID: 'mug', Quantity: 3 });
    await Cart.CreateLineItem({ ProductID: 'coffee-beans', Quantity: 2 });
    const submitted = await Cart.Submit();
    const emptyCart = await Cart.Get();

    const ids = [submitted.ID!, emptyCart.ID!];
    const batch = await data.getOrders([...ids, 'no-such-order']);
    const oneByOne = await Promise.all(ids.map((id) => data.getOrder(id)));

    expect(batch).toHaveLength(2);
    expect(new Map(batch.map((order) => [order.ID, order]))).toEqual(new Map(oneByOne.map((order) => [order!.ID, order])));
    const read = batch.find((order) => order.ID === submitted.ID)!;
    expect(read).toMatchObject({ Status: 'Open', LineItemCount: 2, Total: submitted.Total, DateSubmitted: submitted.DateSubmitted });
    expect(batch.find((order) => order.ID === emptyCart.ID)).toMatchObject({ Status: 'Unsubmitted', LineItemCount: 0, Total: 0 });
  });

  it('reads no orders for no IDs', async () => {
    await expect(data.getOrders([])).resolves.toEqual([]);
  });
});
