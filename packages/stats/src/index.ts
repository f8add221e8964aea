/**
 * @switchboard/stats: statistics and forecasting for experiment results and monitors. Pure functions of their
 * inputs: no I/O, no clock, no randomness, no Node-only APIs, so results computed on the server and in a browser agree.
 */
export { normalCdf } from "./normal-cdf.js";
export { normalQuantile } from "./normal-quantile.js";
export {
  addObservation,
  EMPTY_MOMENTS,
  type Moments,
  mergeMoments,
  momentsOf,
  populationVariance,
  sampleStandardDeviation,
  sampleVariance,
} from "./running-moments.js";
