import { connectSidecar, createLogger, DaprStateStore, requireSecret, startServer } from "@quire/kit";
import { SimulatedProvider } from "./adapters/simulated-provider.ts";
import { createApp } from "./app.ts";
import { PaymentService } from "./domain/payment-service.ts";
import { env } from "./env.ts";

const logger = createLogger("payments", env.LOG_LEVEL);
const dapr = await connectSidecar({ host: env.DAPR_HOST, httpPort: env.DAPR_HTTP_PORT, apiToken: env.DAPR_API_TOKEN });

// Without the key no charge can succeed, so refuse to start rather than fail every checkout.
const apiKey = await requireSecret(dapr, env.SECRET_STORE, env.PROVIDER_KEY_SECRET, logger, "the card provider's API key");

const payments = new PaymentService(new DaprStateStore(dapr, env.STATE_STORE), new SimulatedProvider(apiKey));

startServer(createApp({ payments, logger, appToken: env.APP_API_TOKEN }), { port: env.PORT, hostname: env.HOST, logger });
