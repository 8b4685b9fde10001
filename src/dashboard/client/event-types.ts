// The monitoring event types a webhook can subscribe to. The server's list (src/monitor/events.ts) imports
// Node modules, so the dashboard keeps this copy; a test keeps the two equal.
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
