// Live order status: asks the storefront every second while the order is on its way, and reloads
// the page (rendered on the server) when the status changes. Without JavaScript the page has a link.
(() => {
  const section = document.getElementById("order-status");
  if (!section || section.dataset.final === "true") return;
  const { order, status } = section.dataset;
  const poll = async () => {
    try {
      const res = await fetch(`/orders/${order}/status`, { headers: { accept: "application/json" }, credentials: "same-origin" });
      if (res.ok && (await res.json()).status !== status) return location.reload();
    } catch {
      // A missed poll is fine: the next one tries again.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
})();
