import type { Book } from "@quire/contracts";

export type BookQuery = { q?: string | undefined; page: number; pageSize: number };
export type BookPage = { items: Book[]; page: number; pageSize: number; total: number };

// The catalog is small and read-mostly, so it is held in memory, sorted by title, and
// searched there; the state store stays its source of truth (see BookRepository).
export class Catalog {
  private readonly byIsbn: Map<string, Book>;
  private readonly sorted: Book[];

  constructor(books: readonly Book[]) {
    this.sorted = [...books].sort((a, b) => a.title.localeCompare(b.title) || a.isbn.localeCompare(b.isbn));
    this.byIsbn = new Map(books.map((b) => [b.isbn, b]));
  }

  get size(): number {
    return this.sorted.length;
  }

  get(isbn: string): Book | undefined {
    return this.byIsbn.get(isbn);
  }

  search({ q, page, pageSize }: BookQuery): BookPage {
    const needle = q?.trim().toLocaleLowerCase();
    const matches = needle
      ? this.sorted.filter((b) => b.title.toLocaleLowerCase().includes(needle) || b.author.toLocaleLowerCase().includes(needle))
      : this.sorted;
    const start = (page - 1) * pageSize;
    return { items: matches.slice(start, start + pageSize), page, pageSize, total: matches.length };
  }
}
