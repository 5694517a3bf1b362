export { aurocWithTies, type Labels, type Scores } from './auroc.ts';
export { operatingMetrics, ratesAtThreshold, recallAtFpr } from './operating-point.ts';
export { delongPairedTest, twoSidedNormalP, type DeLongPairedResult } from './delong.ts';
export { flipRate, ksStatistic, populationStabilityIndex, shiftMetrics } from './shift.ts';
