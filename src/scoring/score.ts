// The rubric as one pure function over findings and category applicability.
import type { CategoryId, CategoryScore, Finding, Grade, ScoreCap } from "../core/types.js";
import { CATEGORY_IDS } from "../core/types.js";
import {
  CATEGORY_NAMES,
  CATEGORY_WEIGHTS,
  CONFIDENCE_FACTOR,
  GRADE_BANDS,
  REPEAT_FACTOR,
  SCORE_CAPS,
  SEVERITY_DEDUCTION,
  SEVERITY_ORDER,
} from "./rubric.js";

export interface ScoreResult {
  score: number;
  grade: Grade;
  categories: CategoryScore[];
  cap: ScoreCap;
}

export function gradeFor(score: number): Grade {
  for (const band of GRADE_BANDS) if (score >= band.min) return band.grade;
  return "F";
}

function categoryScore(findings: readonly Finding[]): number {
  const seenChecks = new Set<string>();
  let deduction = 0;
  // Strongest findings first so the full deduction goes to the worst instance of each check.
  const ordered = [...findings].sort(
    (a, b) =>
      SEVERITY_DEDUCTION[b.severity] * CONFIDENCE_FACTOR[b.confidence] -
      SEVERITY_DEDUCTION[a.severity] * CONFIDENCE_FACTOR[a.confidence],
  );
  for (const f of ordered) {
    const value = SEVERITY_DEDUCTION[f.severity] * CONFIDENCE_FACTOR[f.confidence];
    deduction += seenChecks.has(f.checkId) ? value * REPEAT_FACTOR : value;
    seenChecks.add(f.checkId);
  }
  return Math.max(0, Math.round(100 - deduction));
}

/**
 * @param applicable categories that had something to test; a category with findings is always applicable.
 * @param untested applicable categories none of whose checks got an answer: without a finding they are
 *   "not tested" and leave the mean (a 100 nobody earned is not a pass).
 */
export function scoreFindings(
  findings: readonly Finding[],
  applicable: ReadonlySet<CategoryId>,
  untested: ReadonlySet<CategoryId> = new Set(),
): ScoreResult {
  const categories: CategoryScore[] = CATEGORY_IDS.map((id) => {
    const own = findings.filter((f) => f.category === id);
    const isApplicable = applicable.has(id) || own.length > 0;
    const score = isApplicable ? categoryScore(own) : 100;
    const c: CategoryScore = {
      id,
      name: CATEGORY_NAMES[id],
      score,
      grade: gradeFor(score),
      applicable: isApplicable,
      findings: own.length,
      weight: CATEGORY_WEIGHTS[id],
    };
    if (isApplicable && own.length === 0 && untested.has(id)) c.notTested = true;
    return c;
  });
  const counted = categories.filter((c) => c.applicable && !c.notTested);
  const totalWeight = counted.reduce((s, c) => s + c.weight, 0);
  const mean = totalWeight === 0 ? 100 : counted.reduce((s, c) => s + c.score * c.weight, 0) / totalWeight;
  let score = Math.round(mean);
  let cap: ScoreCap = { applied: false, limit: null, reason: null, uncapped: null, findingId: null, checkId: null };
  for (const row of SCORE_CAPS) {
    // A row matches findings at or above its severity (a tentative critical still caps like a high).
    const hit = findings.find(
      (f) => SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[row.severity] && row.confidences.includes(f.confidence),
    );
    if (hit) {
      if (score > row.limit) {
        cap = {
          applied: true,
          limit: row.limit,
          reason: `${row.severity} finding ${hit.checkId} caps the score at ${row.limit} (${score} uncapped)`,
          uncapped: score,
          findingId: hit.id,
          checkId: hit.checkId,
        };
        score = row.limit;
      }
      break;
    }
  }
  return { score, grade: gradeFor(score), categories, cap };
}
