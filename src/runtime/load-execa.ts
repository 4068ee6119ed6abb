// execa, loaded on the first Compose call: it is a quarter of a megabyte (~65 ms to load), and
// `up` on a stack that is already healthy, `status` and `logs` never run Compose.

/** The execa module, imported once and only when a Compose command runs. */
export const loadExeca = () => import('execa');
