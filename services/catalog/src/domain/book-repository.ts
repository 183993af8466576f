import type { StateStore } from "@quire/kit";
import { z } from "zod";
import { bookSchema, type Book } from "@quire/contracts";

const INDEX_KEY = "books:index";
const bookKey = (isbn: string) => `book:${isbn}`;

// Books live one per key, plus an index of ISBNs so the whole catalog can be read back from
// any Dapr state store (not every store supports the query API).
export class BookRepository {
  constructor(private readonly state: StateStore) {}

  async loadAll(): Promise<Book[]> {
    const { value: isbns } = await this.state.get<string[]>(INDEX_KEY);
    if (!isbns) return [];
    const found = await this.state.getMany<unknown>(isbns.map(bookKey));
    return [...found.values()].map((raw) => bookSchema.parse(raw));
  }

  // Seeds only a store that has no catalog yet: the index is written last, so a start that
  // crashed half-way seeds again instead of serving half a catalog.
  async seedIfEmpty(books: readonly Book[]): Promise<"seeded" | "present"> {
    const { value } = await this.state.get<string[]>(INDEX_KEY);
    if (value) return "present";
    const valid = z.array(bookSchema).parse(books);
    await this.state.saveMany(valid.map((b) => ({ key: bookKey(b.isbn), value: b })));
    await this.state.saveMany([{ key: INDEX_KEY, value: valid.map((b) => b.isbn) }]);
    return "seeded";
  }
}
