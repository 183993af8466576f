# Quire's images: one target per service, all from one build of the workspace.
#   podman build --target catalog -t quire/catalog .      (`make images` builds them all)
# Each image holds Node and that service's bundle (services/<id>/dist, from `npm run build`):
# no node_modules, no TypeScript, no shell tools beyond the base's; it runs as a user without
# rights. NODE_IMAGE is any Debian-based image with Node 24 in /usr/local (the official
# node:<version>-bookworm-slim is one; `make images` makes one locally when there is no registry).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Manifests first: the dependency layer is rebuilt only when a manifest or the lockfile changes.
COPY package.json package-lock.json ./
COPY packages/contracts/package.json packages/contracts/
COPY packages/kit/package.json packages/kit/
COPY services/cart/package.json services/cart/
COPY services/catalog/package.json services/catalog/
COPY services/console/package.json services/console/
COPY services/gateway/package.json services/gateway/
COPY services/inventory/package.json services/inventory/
COPY services/notifications/package.json services/notifications/
COPY services/orders/package.json services/orders/
COPY services/payments/package.json services/payments/
COPY services/shipping/package.json services/shipping/
COPY services/storefront/package.json services/storefront/
COPY services/users/package.json services/users/
# A machine behind a TLS-inspecting proxy passes that proxy's CA as the build secret "ca"
# (make images does, from NODE_EXTRA_CA_CERTS); elsewhere the secret is absent and unused.
RUN --mount=type=secret,id=ca NODE_EXTRA_CA_CERTS=/run/secrets/ca npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY scripts/build.ts scripts/topology.ts scripts/
COPY packages packages
COPY services services
RUN npm run build

# What every service image shares: Node, a fixed user without rights (numeric, so Kubernetes'
# runAsNonRoot can check it), and the address an app listens on inside a pod.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
USER 10001:10001
CMD ["node", "--enable-source-maps", "dist/main.js"]

# One target per service: its package.json (the kit reads its version for metrics) and its bundle.
FROM runtime AS gateway
COPY --from=build /src/services/gateway/package.json ./
COPY --from=build /src/services/gateway/dist dist
EXPOSE 8080

FROM runtime AS catalog
COPY --from=build /src/services/catalog/package.json ./
COPY --from=build /src/services/catalog/dist dist
EXPOSE 3001

FROM runtime AS cart
COPY --from=build /src/services/cart/package.json ./
COPY --from=build /src/services/cart/dist dist
EXPOSE 3002

FROM runtime AS inventory
COPY --from=build /src/services/inventory/package.json ./
COPY --from=build /src/services/inventory/dist dist
EXPOSE 3003

FROM runtime AS payments
COPY --from=build /src/services/payments/package.json ./
COPY --from=build /src/services/payments/dist dist
EXPOSE 3004

FROM runtime AS shipping
COPY --from=build /src/services/shipping/package.json ./
COPY --from=build /src/services/shipping/dist dist
EXPOSE 3005

FROM runtime AS notifications
COPY --from=build /src/services/notifications/package.json ./
COPY --from=build /src/services/notifications/dist dist
EXPOSE 3006

FROM runtime AS orders
COPY --from=build /src/services/orders/package.json ./
COPY --from=build /src/services/orders/dist dist
EXPOSE 3007

FROM runtime AS users
COPY --from=build /src/services/users/package.json ./
COPY --from=build /src/services/users/dist dist
EXPOSE 3008

FROM runtime AS storefront
COPY --from=build /src/services/storefront/package.json ./
COPY --from=build /src/services/storefront/dist dist
EXPOSE 3009

FROM runtime AS console
COPY --from=build /src/services/console/package.json ./
COPY --from=build /src/services/console/dist dist
EXPOSE 8081
