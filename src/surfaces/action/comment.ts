// The sticky pull-request comment: one comment per target, found again by a hidden marker and updated in
// place, through the REST API at GITHUB_API_URL with the workflow's token.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

type Env = Record<string, string | undefined>;

export interface PullRequestRef {
  apiUrl: string;
  repository: string;
  number: number;
}

/** Hidden first line of the comment; the id keeps scans of different targets in separate comments. */
export function commentMarker(targetUrl: string): string {
  return `<!-- rampart-report id=${createHash("sha256").update(targetUrl).digest("hex").slice(0, 12)} -->`;
}

/** The pull request this run belongs to, from the event payload; null outside pull_request events. */
export function pullRequestFrom(env: Env): PullRequestRef | null {
  const repository = env["GITHUB_REPOSITORY"];
  const eventPath = env["GITHUB_EVENT_PATH"];
  const apiUrl = env["GITHUB_API_URL"];
  if (!repository || !eventPath || !apiUrl || !/^[\w.-]+\/[\w.-]+$/.test(repository)) return null;
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(eventPath, "utf8"));
  } catch {
    return null;
  }
  const pr = (event as { pull_request?: { number?: unknown }; number?: unknown } | null)?.pull_request;
  const number = typeof pr?.number === "number" ? pr.number : null;
  if (!number) return null;
  return { apiUrl: apiUrl.replace(/\/+$/, ""), repository, number };
}

interface IssueComment {
  id: number;
  body?: string;
}

async function call(url: string, token: string, init: { method: string; body?: unknown }): Promise<unknown> {
  const res = await fetch(url, {
    method: init.method,
    headers: {
      accept: "application/vnd.github+json",
      authorization: `Bearer ${token}`,
      "x-github-api-version": "2022-11-28",
      "user-agent": "rampart-action",
      ...(init.body ? { "content-type": "application/json" } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    redirect: "error",
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`${init.method} ${new URL(url).pathname} answered ${res.status}`);
  return res.status === 204 ? null : res.json();
}

/** Creates the comment, or updates the one carrying the marker; returns what it did and the comment id. */
export async function upsertComment(pr: PullRequestRef, token: string, marker: string, body: string): Promise<{ action: "created" | "updated"; id: number }> {
  const base = `${pr.apiUrl}/repos/${pr.repository}/issues`;
  let existing: IssueComment | undefined;
  // Bounded paging: 10 pages of 100 comments.
  for (let page = 1; page <= 10 && !existing; page++) {
    const list = (await call(`${base}/${pr.number}/comments?per_page=100&page=${page}`, token, { method: "GET" })) as IssueComment[];
    if (!Array.isArray(list)) break;
    existing = list.find((c) => typeof c.body === "string" && c.body.includes(marker));
    if (list.length < 100) break;
  }
  if (existing) {
    await call(`${base}/comments/${existing.id}`, token, { method: "PATCH", body: { body } });
    return { action: "updated", id: existing.id };
  }
  const created = (await call(`${base}/${pr.number}/comments`, token, { method: "POST", body: { body } })) as IssueComment;
  return { action: "created", id: created.id };
}
