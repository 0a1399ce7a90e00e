import pkg from '../../package.json' with { type: 'json' };

/** Kura's version, recorded in every manifest so a backup says which Kura wrote it. */
export const KURA_VERSION: string = pkg.version;
