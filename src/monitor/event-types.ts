// The monitoring event types, with no imports: the server (events.ts) and the dashboard bundle share this list.
export const EVENT_TYPES = [
  "scan.completed",
  "scan.failed",
  "finding.new",
  "finding.resolved",
  "grade.changed",
  "certificate.expiring",
  "target.unreachable",
  "target.recovered",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
