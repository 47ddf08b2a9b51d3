import { azureDeliveryFailure } from '../azure-rest-error';
import { DeliveryFailedError } from '../delivery-failed.error';
import { LazyResource } from '../../common/lazy-resource';

/**
 * A container or table that deliveries write into: created (when missing) before the first write of a
 * client, remembered as existing, and created again after the service says it does not exist (deleted
 * behind the library's back), so that the retry of that write succeeds.
 */
export class CreatedOnDemand {
  private readonly resource: LazyResource<unknown>;

  constructor(
    /** The service's name in failure messages. */
    private readonly service: string,
    create: (abortSignal?: AbortSignal) => Promise<unknown>,
    /**
     * Runs before each write: the network policy's check of the endpoint. The SDKs resolve names
     * themselves, so the name is resolved and checked right before each call instead.
     */
    private readonly beforeWrite?: () => Promise<void>,
  ) {
    this.resource = new LazyResource(create);
  }

  /** Runs `write` once the resource exists; an SDK failure of either becomes a DeliveryFailedError. */
  async write<Result>(signal: AbortSignal, write: () => Promise<Result>): Promise<Result> {
    try {
      await this.beforeWrite?.();
      await this.resource.get(signal);
      return await write();
    } catch (error) {
      const failure = azureDeliveryFailure(error, this.service);
      // Creating it again is harmless when a concurrent write already did.
      if (failure instanceof DeliveryFailedError && failure.httpStatus === 404) this.resource.forget();
      throw failure;
    }
  }
}
