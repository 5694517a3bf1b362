/** `node --import tsx scripts/realcases-score.ts [--misses]`: detection's per-tool score on the shared corpus. */
import { formatEventSummary } from '../src/core/detect/index.ts';
import { hasRealcases, perToolTable, scoreRealcases } from '../test/helpers/realcases.ts';

if (!hasRealcases) {
  console.log('no ../shared/realcases/update-events');
  process.exit(0);
}
const results = await scoreRealcases();
console.log(perToolTable(results));
const unsafe = results.filter((r) => r.c.family !== 'none' && r.event.family === 'none');
console.log(`\nupdates detected as none: ${unsafe.length}`);
if (process.argv.includes('--misses')) {
  for (const r of results.filter((x) => !x.familyOk || !x.subOk)) console.log(`\n## ${r.c.id} [${r.c.tool ?? '-'}]: got ${r.event.family}/${r.event.sub_kind}, want ${r.c.family}/${r.c.sub_kind}\n${formatEventSummary(r.event, { maxEvidence: 6 })}`);
}
