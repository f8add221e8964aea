/** Where the events package reads "now" (the server passes its own clock, so tests need not wait). */
export interface Clock {
  now(): Date;
}
