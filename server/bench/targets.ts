import type { LoadResult } from './load.js';
import type { SingleResult } from './single.js';

/** A target from the performance issue: its words in the results table, and whether a measurement meets it. */
export interface Target<R> {
  text: string;
  met?: (result: R, ratio: number | undefined) => boolean;
}

export const listTarget = (connections: number): Target<LoadResult> =>
  connections === 10
    ? { text: 'p99 < 50 ms, ≥ 70 % of baseline', met: (r, ratio) => r.p99 < 50 && (ratio ?? 0) >= 0.7 }
    : { text: '≥ 70 % of baseline', met: (_r, ratio) => (ratio ?? 0) >= 0.7 };

export const dashboardTarget: Target<LoadResult> = { text: 'median < 150 ms', met: (r) => r.p50 < 150 };
export const transitionTarget: Target<LoadResult> = { text: '≥ 500 per second', met: (r) => r.requestsPerSecond >= 500 };
export const memoryTarget: Target<SingleResult> = { text: 'peak RSS < 300 MB', met: (r) => r.peakRssMb < 300 };
/** The import has no figure to meet, only one to record. */
export const importTarget: Target<SingleResult> = { text: 'seconds' };
