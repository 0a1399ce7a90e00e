/**
 * Counts the event loop's turns while something runs: code that works synchronously in slices
 * (util/loop-turns.ts) must let the loop turn between them, and a count of zero says it held the loop.
 */
export function countLoopTurns(): { stop: () => number } {
  let turns = 0;
  let ticking = true;
  const tick = () => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      ticking = false;
      return turns;
    },
  };
}
