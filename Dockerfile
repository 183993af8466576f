# Quire's images: one target per service (each stage with an EXPOSE line), named by its app id, or
# <app-id>-<name> for another implementation of one (scripts/topology.ts's IMPLEMENTATIONS).
#   podman build --target catalog -t quire/catalog .      (`make images` builds them all)
# A TypeScript service's image holds Node and that service's bundle (services/<id>/dist, from `npm
# run build`, all of them from one build of the workspace): no node_modules, no TypeScript, no
# shell tools beyond the base's. The Python and Go ones are at the end. Every image runs as a user
# without rights. NODE_IMAGE is any Debian-based image with Node 24 in /usr/local (the official
# node:<version>-bookworm-slim is one), DEBIAN_IMAGE a Debian 12 with apt (debian:bookworm-slim is
# one); `make images` makes both locally when there is no registry.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim
ARG DEBIAN_IMAGE=debian:bookworm-slim

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
# No --enable-source-maps: Node would decode the bundle's whole source map at start (about 145 MB
# more per app); NODE_OPTIONS=--enable-source-maps turns it on for a pod whose stack traces you need.
CMD ["node", "dist/main.js"]

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

# Recommendations, in Python: Debian 12's interpreter and libraries, the versions scripts/python.sh
# installs for `make run` (a unit test keeps the two lists equal; pytest stays out of the image).
# From Debian with apt, not pip, so the image runs what the tests ran.
FROM ${DEBIAN_IMAGE} AS recommendations
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      python3-fastapi=0.92.0-1 \
      python3-uvicorn=0.17.6-1 \
      python3-httpx=0.23.3-1 \
      python3-jsonschema=4.10.3-1 \
      python3-prometheus-client=0.16.0-0.1 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /usr/share/doc/* /usr/share/man/*
# The user has a name and a home that does not exist: httpx looks for ~/.netrc on every request,
# and Python cannot expand "~" for a uid without a passwd entry and no HOME (every call to the
# sidecar failed with "Could not determine home directory" before this).
RUN groupadd --gid 10001 quire && useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin quire
WORKDIR /app
# pyproject.toml: the service reads its version there for quire_build_info. The contracts' JSON
# Schemas, which it validates every order.paid and book against, are where SCHEMAS_DIR says.
COPY services/recommendations/pyproject.toml ./
COPY services/recommendations/src src
COPY packages/contracts/schemas schemas
# Byte-code made now: a pod's root filesystem is read-only, and nothing is written at run time.
RUN python3 -m compileall -q src
ENV HOST=0.0.0.0 SCHEMAS_DIR=/app/schemas PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
USER 10001:10001
# What scripts/python.sh exec runs: Debian's interpreter, the app's folder as the working directory.
CMD ["/usr/bin/python3", "-m", "src.main"]
EXPOSE 3011

# Shipping in Go (the same app id as shipping; the chart picks it with implementations.shipping=go).
# Its binary is built on the build machine by scripts/shipping-go.sh (`make images` runs it first:
# CGO off, so it is static and needs nothing from this image's C library) and copied in. Not built
# in a stage here: go.mod asks for Go 1.26, Debian 12's golang is 1.19, and a golang image would need
# a registry, which `make images` does not assume.
FROM ${DEBIAN_IMAGE} AS shipping-go
WORKDIR /app
COPY services/shipping-go/bin/shipping ./
COPY packages/contracts/schemas schemas
ENV HOST=0.0.0.0 SCHEMAS_DIR=/app/schemas
USER 10001:10001
CMD ["/app/shipping"]
EXPOSE 3005
