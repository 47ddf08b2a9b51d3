/** Whether `work` resolves within `ms` (its failure is passed on); the timer does not outlive the wait. */
export async function resolvesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), ms)));
  try {
    return (await Promise.race([work.then(() => 'settled' as const), expired])) === 'settled';
  } finally {
    clearTimeout(timer);
  }
}
