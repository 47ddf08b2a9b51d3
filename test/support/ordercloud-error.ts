import { OrderCloudError } from 'ordercloud-javascript-sdk';

/** What an SDK call failed with: the HTTP status and the OrderCloud errors of the body. */
export async function sdkFailure(
  call: Promise<unknown>,
): Promise<{ status: number; errorCode: string; errors: Array<{ ErrorCode: string; Message: string; Data: unknown }> }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof OrderCloudError || (error as OrderCloudError)?.isOrderCloudError) {
      const failure = error as OrderCloudError;
      return { status: failure.status, errorCode: failure.errorCode, errors: failure.errors as never };
    }
    throw error;
  }
  throw new Error('expected the SDK call to fail, but it succeeded');
}
