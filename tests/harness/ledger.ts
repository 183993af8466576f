import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ClusterInfo } from "./cluster.ts";

// What the tests of one cluster set in motion, written down as they go (test files run in their
// own workers; the cluster's log folder is shared), so the suite can end by checking that nothing
// was lost: every order it created reached an end, and no message landed on a dead-letter topic
// that no test put there on purpose.
const ORDERS = "ledger-orders.jsonl";
const DEAD_LETTERS = "ledger-dead-letters.jsonl";

export function noteOrder(info: ClusterInfo, orderId: string): void {
  appendFileSync(join(info.logDir, ORDERS), `${JSON.stringify({ orderId })}\n`);
}

// A test that makes a message unprocessable on purpose says how many copies should land.
export type Copies = { min: number; max: number };
export function noteDeadLetter(info: ClusterInfo, id: string, topic: string, copies: Copies): void {
  appendFileSync(join(info.logDir, DEAD_LETTERS), `${JSON.stringify({ id, topic, ...copies })}\n`);
}

const read = <T>(info: ClusterInfo, file: string): T[] =>
  existsSync(join(info.logDir, file)) ? readFileSync(join(info.logDir, file), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as T) : [];

type Shelf = { topic: string; count: number; latest: { id: string; receivedAt: string }[] };
const ENDS = new Set(["shipped", "cancelled"]);

// What the dead-letter topics held before the suite began: on a SQL profile the console's store
// outlives a run, so the suite counts what it added, not what is there.
export type Baseline = { at: string; counts: Record<string, number> };
export async function deadLetterBaseline(info: ClusterInfo): Promise<Baseline> {
  return { at: new Date().toISOString(), counts: Object.fromEntries((await shelves(info)).map((s) => [s.topic, s.count])) };
}

async function shelves(info: ClusterInfo): Promise<Shelf[]> {
  const res = await fetch(`${info.consoleUrl}/dead-letters.json`);
  if (!res.ok) throw new Error(`the console's dead letters answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { topics: Shelf[] }).topics;
}

// Waits for the system to go quiet (every noted order ended, up to `timeoutMs`), then checks the
// dead letters: each topic gained exactly the copies the tests announced since the baseline, and
// nothing else. Returns the problems found; empty means nothing was lost.
export async function nothingLost(info: ClusterInfo, adminToken: string, baseline: Baseline, timeoutMs = 90_000): Promise<string[]> {
  const orders = [...new Set(read<{ orderId: string }>(info, ORDERS).map((o) => o.orderId))];
  const deadline = Date.now() + timeoutMs;
  let open: string[] = [];
  do {
    const statuses = await Promise.all(
      orders.map(async (id) => {
        const res = await fetch(`${info.gatewayUrl}/api/admin/orders/${id}`, { headers: { authorization: `Bearer ${adminToken}` } });
        return res.ok ? ((await res.json()) as { order: { status: string } }).order.status : `HTTP ${res.status}`;
      }),
    );
    open = orders.map((id, i) => `${id}: ${statuses[i]}`).filter((_, i) => !ENDS.has(statuses[i]!));
    if (open.length === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  } while (Date.now() < deadline);
  const problems = open.map((o) => `order ${o} did not reach an end`);

  const expected = read<{ id: string; topic: string } & Copies>(info, DEAD_LETTERS);
  for (const shelf of await shelves(info)) {
    const added = shelf.count - (baseline.counts[shelf.topic] ?? 0);
    const announced = expected.filter((e) => e.topic === shelf.topic);
    const [min, max] = [announced.reduce((n, e) => n + e.min, 0), announced.reduce((n, e) => n + e.max, 0)];
    const unexpected = shelf.latest.filter((l) => l.receivedAt >= baseline.at && !announced.some((e) => e.id === l.id)).map((l) => l.id);
    if (added < min || added > max || unexpected.length > 0) {
      problems.push(`${shelf.topic} gained ${added} messages, the tests put ${min === max ? min : `${min}-${max}`} there${unexpected.length ? `; not put there by a test: ${unexpected.join(", ")}` : ""}`);
    }
  }
  return problems;
}
