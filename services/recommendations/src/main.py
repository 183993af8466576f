"""Wires the recommendations service and starts it: python -m src.main, in services/recommendations
(scripts/python.sh exec picks Debian's interpreter; dapr/run.yaml starts it so)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import uvicorn

from .adapters.dapr_catalog import DaprCatalog
from .adapters.dapr_state import DaprStateStore
from .adapters.sidecar import Sidecar
from .app import SERVICE, Deps, create_app
from .config import load_config
from .contracts import Contracts
from .domain.recommender import Recommender
from .domain.sales import Sales
from .kit.logger import Logger
from .kit.metrics import Metrics, own_version


def main() -> None:
    app_dir = Path.cwd()
    config = load_config(os.environ, app_dir)
    logger = Logger(SERVICE, config.log_level)
    try:
        contracts = Contracts(config.schemas_dir)
    except RuntimeError as err:
        logger.fatal("cannot load the contracts", err=err, schemasDir=str(config.schemas_dir))
        sys.exit(1)
    # The sidecar is not awaited here: calls made before it is up fail (503 to a caller, RETRY to
    # a delivery) and succeed once it is; daprd itself waits for this app's /healthz.
    sidecar = Sidecar(config.dapr_host, config.dapr_http_port, config.dapr_api_token)
    sales = Sales(DaprStateStore(sidecar, config.state_store))

    async def stop() -> None:
        logger.info("shutting down")
        await sidecar.close()

    app = create_app(
        Deps(
            sales=sales,
            recommender=Recommender(sales, DaprCatalog(sidecar, contracts)),
            contracts=contracts,
            logger=logger,
            metrics=Metrics(SERVICE, own_version(app_dir)),
            app_token=config.app_api_token,
            pubsub=config.pubsub_component,
            on_shutdown=[stop],
        )
    )
    logger.info("listening", port=config.port, hostname=config.host)
    # uvicorn's own logging off: every line this app writes is JSON, from its own logger.
    uvicorn.run(app, host=config.host, port=config.port, log_config=None, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()
