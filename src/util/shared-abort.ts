// A command's signals are listened to by every engine call, probe and wait it runs at once —
// dozens on a large stack. Node warns past 10 listeners as if that were a leak, and the warning
// lands in the user's output; these controllers have no limit.

import { setMaxListeners } from 'node:events';

/** An AbortController whose signal any number of concurrent waits may listen to. */
export function sharedAbortController(): AbortController {
  const ctl = new AbortController();
  setMaxListeners(0, ctl.signal);
  return ctl;
}
