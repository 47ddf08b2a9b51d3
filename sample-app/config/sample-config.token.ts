/** Injection token of the SampleConfig the app was started with. */
export const SAMPLE_CONFIG = Symbol('SAMPLE_CONFIG');
