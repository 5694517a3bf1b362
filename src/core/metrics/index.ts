export { aurocWithTies, sortedByClass, type Labels, type Scores, type SortedClasses } from './auroc.ts';
export { operatingMetrics, ratesAtThreshold, recallAtFpr } from './operating-point.ts';
export { delongPairedTest, twoSidedNormalP, type DeLongPairedResult } from './delong.ts';
export { flipRate, ksAndPsi, ksStatistic, populationStabilityIndex, shiftMetrics } from './shift.ts';
export { newcombePairedInterval, pairedRateChange, pairedRateChanges, pairedTable, tableOfChange, wilsonInterval, type PairedTable } from './paired.ts';
