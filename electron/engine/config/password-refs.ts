/**
 * Every password ref a config names (sources, off-site targets, anything with a `passwordRef`; and
 * `urlRef`, since a webhook or heartbeat URL is a secret too), in order of first appearance: what
 * `kura doctor` looks up and what `kura daemon --print-unit` writes a LoadCredential= line for.
 */
export function passwordRefsOf(config: unknown): string[] {
  const refs: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'passwordRef' || k === 'urlRef') && typeof x === 'string' && !refs.includes(x)) refs.push(x);
        else walk(x);
      }
    }
  };
  walk(config);
  return refs;
}
