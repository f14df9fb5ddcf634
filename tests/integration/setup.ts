import { afterAll } from 'vitest';
import { removeFreshDataDirs } from '../support/stack';

// Each test file's servers are stopped by its own afterAll hooks, which run before this one (hooks
// run in reverse order of registration); their data directories then go, so a run's disk use
// stays that of one file rather than of the whole suite (about 30 MB a server on PGlite).
afterAll(() => removeFreshDataDirs());
