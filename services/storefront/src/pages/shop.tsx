import type { Book, Cart, Page } from "../adapters/shop-client.ts";
import { Csrf, Layout, Notice, price, type Viewer } from "./layout.tsx";

function BookCard({ book: b }: { book: Book }) {
  return (
    <li class="book-card">
      <a href={`/books/${b.isbn}`}>
        <span class="cover" aria-hidden="true">{b.title.slice(0, 1)}</span>
        <span class="title">{b.title}</span>
      </a>
      <span class="author">{`${b.author}, ${b.year}`}</span>
      <span class="price">{price(b.priceCents)}</span>
    </li>
  );
}

export function CatalogPage({ viewer, q, result }: { viewer: Viewer; q: string; result: Page<Book> }) {
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const link = (page: number) => `/?${new URLSearchParams({ ...(q ? { q } : {}), page: String(page) })}`;
  return (
    <Layout title={q ? `Books matching “${q}”` : "Books"} viewer={viewer}>
      <h1>{q ? `Books matching “${q}”` : "Books"}</h1>
      <p class="muted">{`${result.total} ${result.total === 1 ? "book" : "books"}`}</p>
      {result.items.length === 0 ? <Notice kind="info">No book has that in its title or author. Try a shorter word.</Notice> : null}
      <ul class="books">
        {result.items.map((b) => (
          <BookCard book={b} />
        ))}
      </ul>
      <nav class="pager" aria-label="Pages">
        {result.page > 1 ? <a href={link(result.page - 1)} rel="prev">← Previous</a> : <span />}
        <span>{`Page ${result.page} of ${pages}`}</span>
        {result.page < pages ? <a href={link(result.page + 1)} rel="next">Next →</a> : <span />}
      </nav>
    </Layout>
  );
}

export function BookPage({ viewer, book, available, added, alsoBought }: { viewer: Viewer; book: Book; available: number; added: boolean; alsoBought: Book[] }) {
  return (
    <Layout title={book.title} viewer={viewer}>
      <article class="book">
        <span class="cover large" aria-hidden="true">{book.title.slice(0, 1)}</span>
        <div>
          <h1>{book.title}</h1>
          <p class="author">{`by ${book.author} (${book.year})`}</p>
          <p class="price big">{price(book.priceCents)}</p>
          <p class="tags">{book.tags.join(" · ")}</p>
          <p class="muted">{`ISBN ${book.isbn}`}</p>
          {added ? <Notice kind="info">Added to your cart. <a href="/cart">Go to the cart</a>.</Notice> : null}
          {available > 0 ? (
            <>
              <p class="stock in" data-testid="stock">{`In stock: ${available}`}</p>
              <form action="/cart/add" method="post" class="row">
                <Csrf viewer={viewer} />
                <input type="hidden" name="isbn" value={book.isbn} />
                <input type="hidden" name="next" value={`/books/${book.isbn}`} />
                <label for="quantity">Quantity</label>
                <input id="quantity" name="quantity" type="number" min={1} max={Math.min(99, available)} value="1" required />
                <button type="submit">Add to cart</button>
              </form>
            </>
          ) : (
            <p class="stock out" data-testid="stock">Out of stock — this book is sold out for now.</p>
          )}
        </div>
      </article>
      {alsoBought.length > 0 ? (
        <section class="also-bought" aria-labelledby="also-bought" data-testid="also-bought">
          <h2 id="also-bought">Readers also bought</h2>
          <ul class="books">
            {alsoBought.map((b) => (
              <BookCard book={b} />
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

export function CartPage({ viewer, cart, problem }: { viewer: Viewer; cart: Cart; problem?: string | undefined }) {
  return (
    <Layout title="Your cart" viewer={viewer}>
      <h1>Your cart</h1>
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      {cart.items.length === 0 ? (
        <Notice kind="info">
          Your cart is empty. <a href="/">Find a book</a>.
        </Notice>
      ) : (
        <>
          <table class="lines">
            <thead>
              <tr><th scope="col">Book</th><th scope="col">Price</th><th scope="col">Quantity</th><th scope="col"><span class="hidden">Remove</span></th></tr>
            </thead>
            <tbody>
              {cart.items.map((line) => (
                <tr>
                  <td data-label="Book"><a href={`/books/${line.isbn}`}>{line.title}</a></td>
                  <td data-label="Price">{price(line.priceCents)}</td>
                  <td data-label="Quantity">
                    <form action={`/cart/items/${line.isbn}`} method="post" class="row">
                      <Csrf viewer={viewer} />
                      <label for={`qty-${line.isbn}`} class="hidden">{`Quantity of ${line.title}`}</label>
                      <input id={`qty-${line.isbn}`} name="quantity" type="number" min={0} max={99} value={String(line.quantity)} required />
                      <button type="submit" class="secondary">Update</button>
                    </form>
                  </td>
                  <td>
                    <form action={`/cart/items/${line.isbn}`} method="post">
                      <Csrf viewer={viewer} />
                      <input type="hidden" name="quantity" value="0" />
                      <button type="submit" class="link" aria-label={`Remove ${line.title}`}>Remove</button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="total">Total <strong data-testid="cart-total">{price(cart.totalCents)}</strong></p>
          <p class="actions"><a class="button" href="/checkout">Check out</a></p>
        </>
      )}
    </Layout>
  );
}
