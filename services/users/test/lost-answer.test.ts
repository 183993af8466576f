import { generateKeyPairSync, randomUUID } from "node:crypto";
import { MemoryStateStore, type SaveOptions, type SaveResult } from "@quire/kit";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { TokenIssuer } from "../src/domain/tokens.ts";
import { UserService } from "../src/domain/user-service.ts";

const pem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const alice = { email: "alice@example.com", password: "correct horse battery", name: "Alice" };

// How a write's answer goes missing after the store took it: the sidecar's error on a create
// that then finds its key is read as "conflict" (DaprStateStore does that), or the call fails.
type Loss = "reported as a conflict" | "thrown";

// A store that takes the first write of a key with `prefix`, then loses the answer to it.
class LosingStore extends MemoryStateStore {
  constructor(
    private readonly prefix: string,
    private readonly loss: Loss,
    private lose = 1,
  ) {
    super();
  }

  override async save<T>(key: string, value: T, options?: SaveOptions): Promise<SaveResult> {
    const result = await super.save(key, value, options);
    if (result !== "saved" || !key.startsWith(this.prefix) || this.lose-- <= 0) return result;
    if (this.loss === "thrown") throw new Error(`the answer to saving ${key} was lost`);
    return "conflict";
  }
}

async function setup(store: MemoryStateStore) {
  const tokens = await TokenIssuer.fromPem(pem, { issuer: "quire-users", audience: "quire", ttlSeconds: 600 });
  const app = createApp({ users: new UserService(store, tokens, randomUUID), tokens, logger: pino({ level: "silent" }) });
  const post = (path: string, body: unknown) => app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  // The account the email index names, as stored: what sign-in will find.
  const indexed = async () => {
    const { value: index } = await store.get<{ userId: string }>(`email:${alice.email}`);
    return index ? (await store.get<{ id: string }>(`user:${index.userId}`)).value : undefined;
  };
  return { post, indexed };
}

describe("a registration whose answer was lost", () => {
  it.each([
    ["the email claim's", "reported as a conflict", "email:"],
    ["the email claim's", "thrown", "email:"],
    ["the account record's", "thrown", "user:"],
  ] as const)("%s answer %s: a retry gets the same account, the index and the record agree", async (_case, loss, prefix) => {
    const { post, indexed } = await setup(new LosingStore(prefix, loss));
    const first = await post("/api/users", alice);
    // Retried as a client or sidecar would, whatever the first answer was.
    const retry = await post("/api/users", alice);
    expect([200, 201]).toContain(retry.status);
    const { id } = (await retry.json()) as { id: string };
    if (first.status === 201) expect(((await first.json()) as { id: string }).id).toBe(id);
    expect((await indexed())?.id).toBe(id);
    expect((await post("/api/sessions", alice)).status).toBe(200);
  });

  it("keeps the account for its owner: another password is 409, and the first one still signs in", async () => {
    const { post, indexed } = await setup(new LosingStore("email:", "reported as a conflict"));
    const first = await post("/api/users", alice);
    expect(first.status).toBe(201);
    expect((await post("/api/users", { ...alice, password: "another password" })).status).toBe(409);
    expect((await indexed())?.id).toBe(((await first.json()) as { id: string }).id);
    expect((await post("/api/sessions", alice)).status).toBe(200);
  });
});
