/** Runs before every renderer test file: unmount after each test (vitest has no globals here). */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});
