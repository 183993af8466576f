import { listBooks, getBook, getRecommendations } from "./books.routes.ts";
import { clearCart, deleteCartItem, getCart, putCartItem } from "./cart.routes.ts";
import { listNotifications } from "./notifications.routes.ts";
import { checkout, getOrder, getStaffOrder, listAttentionOrders, listOrders } from "./orders.routes.ts";
import { getAvailability, putStock } from "./stock.routes.ts";
import { getMe, putAddress, register, signIn } from "./users.routes.ts";

export * from "./books.routes.ts";
export * from "./cart.routes.ts";
export * from "./common.ts";
export * from "./notifications.routes.ts";
export * from "./orders.routes.ts";
export * from "./stock.routes.ts";
export * from "./users.routes.ts";

// Every route of the public API, as its owner serves it and the gateway relays it (same path).
// The owners validate with these definitions; the gateway documents them.
export const publicRoutes = [
  listBooks,
  getBook,
  getRecommendations,
  getAvailability,
  getCart,
  putCartItem,
  deleteCartItem,
  clearCart,
  checkout,
  listOrders,
  getOrder,
  listNotifications,
  register,
  signIn,
  getMe,
  putAddress,
  putStock,
  getStaffOrder,
  listAttentionOrders,
] as const;
