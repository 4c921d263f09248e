/**
 * Long parses run in slices so that other requests keep being answered: `pause()` resolves at once while the
 * current slice lasts and, once it is spent, after one turn of the event loop (timers and I/O run in between).
 */
export function timeSlicer(sliceMs = 20) {
  let started = performance.now();
  return {
    pause(): Promise<void> | undefined {
      if (performance.now() - started < sliceMs) return undefined;
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          started = performance.now();
          resolve();
        }),
      );
    },
  };
}

export type TimeSlicer = ReturnType<typeof timeSlicer>;
