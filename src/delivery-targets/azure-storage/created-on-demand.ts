import { azureDeliveryFailure } from '../azure-rest-error';
import { DeliveryFailedError } from '../delivery-failed.error';

/**
 * A container or table that deliveries write into: created (when missing) before the first write of a
 * client, remembered as existing, and created again after the service says it does not exist (deleted
 * behind the library's back), so that the retry of that write succeeds.
 */
export class CreatedOnDemand {
  private created?: Promise<unknown>;

  constructor(
    /** The service's name in failure messages. */
    private readonly service: string,
    private readonly create: (abortSignal: AbortSignal) => Promise<unknown>,
  ) {}

  /** Runs `write` once the resource exists; an SDK failure of either becomes a DeliveryFailedError. */
  async write<Result>(signal: AbortSignal, write: () => Promise<Result>): Promise<Result> {
    try {
      await this.createOnce(signal);
      return await write();
    } catch (error) {
      const failure = azureDeliveryFailure(error, this.service);
      // Creating it again is harmless when a concurrent write already did.
      if (failure instanceof DeliveryFailedError && failure.httpStatus === 404) this.created = undefined;
      throw failure;
    }
  }

  private createOnce(signal: AbortSignal): Promise<unknown> {
    if (!this.created) {
      const creation = this.create(signal);
      this.created = creation;
      // A failed creation is tried again by the next write.
      creation.catch(() => {
        if (this.created === creation) this.created = undefined;
      });
    }
    return this.created;
  }
}
