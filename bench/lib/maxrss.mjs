// Preloaded into a measured pyat process: at exit, writes its peak resident set (KB) to a file.
import { writeFileSync } from 'node:fs';

const file = process.env.PYAT_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
