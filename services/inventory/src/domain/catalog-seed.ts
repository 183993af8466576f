import { mutate, type StateStore } from "@quire/kit";
import { INDEX_KEY, stockKey, type Stock } from "./stock.ts";

// Every ISBN the catalog sells (the catalog owns which books exist).
export interface CatalogIsbns {
  all(): Promise<string[]>;
}

// First start only (no index yet): every catalog book gets `initialStock` copies. Documents are
// created create-only, so a restart after a crash mid-seed keeps what was written (and any stock
// set since); the index goes last, because its presence is what says "seeded".
export async function seedFromCatalog(state: StateStore, catalog: CatalogIsbns, initialStock: number): Promise<number> {
  if ((await state.get<unknown>(INDEX_KEY)).value !== undefined) return 0;
  const isbns = [...new Set(await catalog.all())];
  let created = 0;
  for (const isbn of isbns) {
    const stock: Stock = { isbn, onHand: initialStock, reservations: {} };
    // No ETag: create only. "conflict" means the book is stocked already, and it keeps its stock.
    if ((await state.save(stockKey(isbn), stock)) === "saved") created++;
  }
  // Merged, not overwritten: a stock change may have created the index while we seeded.
  await mutate<string[]>(state, INDEX_KEY, (indexed = []) => [...new Set([...indexed, ...isbns])]);
  return created;
}
