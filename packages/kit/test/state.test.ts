import { describe, expect, it } from "vitest";
import { MemoryStateStore } from "../src/index.ts";

describe("MemoryStateStore (the in-memory twin of a Dapr state store)", () => {
  it("creates only when no ETag is given and the key is new", async () => {
    const store = new MemoryStateStore();
    expect(await store.save("k", 1)).toBe("saved");
    expect(await store.save("k", 2)).toBe("conflict");
    expect((await store.get("k")).value).toBe(1);
  });

  it("writes only with the current ETag", async () => {
    const store = new MemoryStateStore();
    await store.save("k", { n: 1 });
    const { etag } = await store.get("k");
    expect(await store.save("k", { n: 2 }, { etag })).toBe("saved");
    expect(await store.save("k", { n: 3 }, { etag })).toBe("conflict");
    expect((await store.get("k")).value).toEqual({ n: 2 });
  });

  it("hands out copies, not its own objects", async () => {
    const store = new MemoryStateStore();
    const value = { list: [1] };
    await store.save("k", value);
    value.list.push(2);
    expect((await store.get<{ list: number[] }>("k")).value).toEqual({ list: [1] });
  });
});
