/**
 * Spending a limited revalidation budget: measure the highest-risk monitors with labels, and give
 * the rest a predicted verdict from their risk.
 */

/** `revalidation-budget:` a number of monitors, or a share of them ("30%"). */
export type RevalidationBudget = { kind: 'count'; value: number } | { kind: 'share'; value: number };

/** Parses 4, "4" or "30%"; undefined for anything else. */
export function parseBudget(raw: unknown): RevalidationBudget | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 ? { kind: 'count', value: raw } : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  const share = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (share) {
    const percent = Number(share[1]);
    return percent <= 100 ? { kind: 'share', value: percent / 100 } : undefined;
  }
  return /^\d+$/.test(text) ? { kind: 'count', value: Number(text) } : undefined;
}

export function formatBudget(budget: RevalidationBudget): string {
  return budget.kind === 'count' ? String(budget.value) : `${+(budget.value * 100).toFixed(4)}%`;
}

/** How many of `monitors` the budget pays for; a share rounds up so a non-zero share measures at least one. */
export function budgetCount(budget: RevalidationBudget, monitors: number): number {
  if (budget.kind === 'count') return Math.min(budget.value, monitors);
  // the slack keeps 30% of 10 at 3 when 0.3 * 10 lands a hair above 3
  return Math.min(monitors, Math.max(0, Math.ceil(budget.value * monitors - 1e-9)));
}

export interface Ranked {
  /** Position in the caller's list. */
  index: number;
  risk: number;
}

/** Highest risk first; equal risks keep the caller's order, so the same inputs always pick the same monitors. */
const byRisk = (items: readonly Ranked[]) => [...items].sort((a, b) => b.risk - a.risk || a.index - b.index);

/** Rank (1-based, 1 = highest risk) per index. */
export function rankByRisk(items: readonly Ranked[]): Map<number, number> {
  return new Map(byRisk(items).map((item, position) => [item.index, position + 1]));
}

/** The indexes the budget measures: the `count` highest-risk eligible items. */
export function selectForRevalidation(items: readonly Ranked[], count: number): Set<number> {
  return new Set(byRisk(items).slice(0, count).map((item) => item.index));
}
