// Loaded with node --require by the benchmark: at exit, writes this process's peak RSS and the bytes
// it read (rchar of /proc/self/io, Linux) as JSON to the file named by MG_PROCESS_STATS.
const fs = require('node:fs');
process.on('exit', () => {
  const file = process.env.MG_PROCESS_STATS;
  if (!file) return;
  let rchar;
  try {
    const io = fs.readFileSync('/proc/self/io', 'utf8');
    rchar = Number(/^rchar:\s*(\d+)/m.exec(io)?.[1]);
  } catch {
    rchar = undefined;
  }
  fs.writeFileSync(file, JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024, rchar }));
});
