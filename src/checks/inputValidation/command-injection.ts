import { defineCheck, type CheckContext, type PlanContext, type PlannedRequest } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { COMMAND_DELAYS, COMMAND_ECHOES, FACTORS, echoMarker, fill } from "../../patterns/injection.js";
import { baselineAt, injectIdentity, injectionPoints, planned, pointLabel, requestAt, trySend, type InjectionPoint } from "./_inject.js";
import { DELAY_S, REQUESTS_PER_ROW, TIMED_TIMEOUT_MS, confirmDelay } from "./_inject-timing.js";
import { inputRefs } from "./_shared.js";

const [[A1, B1], [A2, B2]] = FACTORS as [[number, number], [number, number]];

/** Echo: the shell computes a product the payload does not contain; a second pair of factors confirms. */
async function echo(ctx: CheckContext, point: InjectionPoint, identity: string | null, baseBody: string): Promise<boolean> {
  for (const row of COMMAND_ECHOES) {
    const first = await trySend(ctx, requestAt(ctx, point, fill(row.template, { v: point.sample, a: A1, b: B1 }), identity));
    const marker = echoMarker(A1, B1);
    if (!first?.response?.body.includes(marker) || baseBody.includes(marker)) continue;
    const second = await trySend(ctx, requestAt(ctx, point, fill(row.template, { v: point.sample, a: A2, b: B2 }), identity));
    const marker2 = echoMarker(A2, B2);
    if (!second?.response?.body.includes(marker2) || second.response.body.includes(marker)) continue;
    report(ctx, point, "echo", [
      { exchange: first, excerpt: marker, note: `${fill(row.template, { v: point.sample, a: A1, b: B1 })}: the answer holds ${marker}, which only a shell computing ${A1}*${B1} prints` },
      { exchange: second, excerpt: marker2, note: `confirmed with other factors (${A2}*${B2})` },
    ]);
    return true;
  }
  return false;
}

async function delay(ctx: CheckContext, point: InjectionPoint, identity: string | null): Promise<boolean> {
  for (const row of COMMAND_DELAYS) {
    const proof = await confirmDelay((s) =>
      trySend(ctx, { ...requestAt(ctx, point, fill(row.template, { v: point.sample, s }), identity), timeoutMs: TIMED_TIMEOUT_MS, retryThrottled: false }),
    );
    if (!proof) continue;
    report(ctx, point, "time-based", [
      { exchange: proof.exchanges[0]!, excerpt: proof.note, note: `${JSON.stringify(fill(row.template, { v: point.sample, s: DELAY_S }))} delays the answer by the time asked for` },
      ...proof.exchanges.slice(1).map((exchange, i) => ({ exchange, excerpt: `${proof.times[i + 1]} ms`, note: ["sleep 0: fast", "double sleep: twice as slow", "sleep 0 again: fast"][i] ?? "" })),
    ]);
    return true;
  }
  return false;
}

function report(ctx: CheckContext, point: InjectionPoint, technique: string, evidence: { exchange: Exchange; excerpt: string; note: string }[]): void {
  ctx.report({ confidence: "confirmed", title: `OS command injection in ${pointLabel(point)} (${technique})`, operation: point.op, key: `${point.in}:${point.name}`, evidence });
}

const COMMAND_NAMES = /host|ip|addr|domain|cmd|command|exec|file|path|name|target|url|email/i;

/** String points, command-like names first. */
const targets = (ctx: Pick<PlanContext, "operations" | "settings">) => injectionPoints(ctx, COMMAND_NAMES).filter((p) => !p.numeric);

function plan(ctx: PlanContext): PlannedRequest[] {
  const identity = injectIdentity(ctx);
  const at = (point: InjectionPoint, value: string, purpose: string) => planned(requestAt(ctx, point, value, identity), purpose);
  return targets(ctx).flatMap((point) => {
    const v = point.sample;
    return [
      at(point, v, "baseline: the sample value (shared by the injection checks)"),
      ...COMMAND_ECHOES.flatMap((row) => [
        at(point, fill(row.template, { v, a: A1, b: B1 }), `echo (${row.id})`),
        at(point, fill(row.template, { v, a: A2, b: B2 }), "if the product shows: other factors"),
      ]),
      ...COMMAND_DELAYS.flatMap((row) => [
        at(point, fill(row.template, { v, s: DELAY_S }), `sleep ${DELAY_S} (${row.id})`),
        at(point, fill(row.template, { v, s: 0 }), "if slow: sleep 0 (sent twice; the round is repeated once if a 0 s answer was stalled)"),
        at(point, fill(row.template, { v, s: 2 * DELAY_S }), `if slow: sleep ${2 * DELAY_S}`),
      ]),
    ];
  });
}

const estimate = (ctx: PlanContext): number => targets(ctx).length * (1 + 2 * COMMAND_ECHOES.length + REQUESTS_PER_ROW * COMMAND_DELAYS.length);

export default defineCheck({
  meta: {
    id: "inputValidation.command-injection",
    title: "OS command injection (confirmed)",
    category: "inputValidation",
    severity: "critical",
    how: "active",
    description:
      "Appends shell separators (`;`, `|`, `&&`, `$(…)`, backticks, a newline) and a second command to parameters and JSON body fields. Reported when the answer shows a product only a shell computing `$((a*b))` can print (confirmed with other factors), or when `sleep` delays the answer by the time asked for (2 s, 0 s, 4 s, 0 s). A command the API runs through a shell with input in it lets the caller run any command as the API's user.",
    references: inputRefs([78], { owaspApi2023: ["API8"], owaspTop10_2021: ["A03"], pciDss4: ["6.2.4"], soc2: ["CC7.1"] }),
    remediation: {
      summary: "Never pass input to a shell: call the program directly with an argument list, or use a library instead of a command.",
      steps: [
        "Use the argument-vector form (`execFile`/`spawn` without `shell`, `subprocess.run([...])` without `shell=True`, `ProcessBuilder`, `exec.Command`).",
        "Validate the value against an allow-list (a host name, a file id) before it reaches the command; put `--` before positional arguments.",
        "Run the API as an unprivileged user in a container without a shell where possible.",
      ],
    },
    changes: "sends shell commands that print a number (`echo`) or wait (`sleep`) on a vulnerable server, to GET and POST operations only; each POST is in the changes ledger and objects it created are deleted at the end.",
  },
  planRequests: plan,
  estimateRequests: estimate,
  async run(ctx) {
    const identity = injectIdentity(ctx);
    const points = targets(ctx);
    if (points.length === 0) return ctx.notApplicable("no string parameter or JSON body field to inject into");
    for (const point of points) {
      const base = await baselineAt(ctx, point, identity);
      if (!base?.response) continue;
      if (await echo(ctx, point, identity, base.response.body)) continue;
      await delay(ctx, point, identity);
    }
  },
});
