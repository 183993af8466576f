// Shipping in Go: ships paid orders and announces them with order.shipped, in the place of the
// TypeScript shipping (same app id, routes, state keys, events). main wires and starts.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	daprhttp "github.com/dapr/go-sdk/service/http"
	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"quire/shipping-go/internal/adapters"
	"quire/shipping-go/internal/app"
	"quire/shipping-go/internal/config"
	"quire/shipping-go/internal/contracts"
	"quire/shipping-go/internal/domain"
	"quire/shipping-go/internal/obs"
)

// The version quire_build_info reports (the TypeScript services read it from package.json);
// a release build may set it with -ldflags "-X main.version=...".
var version = "0.1.0"

const service = "shipping"

func main() {
	cfg, err := config.Parse(os.LookupEnv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	logger := obs.NewLogger(service, cfg.LogLevel, os.Stdout)
	fatal := func(msg string, err error) {
		logger.Log(context.Background(), obs.LevelFatal, msg, obs.Err(err))
		os.Exit(1)
	}
	schemas, err := contracts.LoadSchemas(cfg.SchemasDir)
	if err != nil {
		fatal("could not load the event contracts (SCHEMAS_DIR)", err)
	}

	// A signal ends the wait for the sidecar as well as the serving.
	ctx, received := onSignal()
	connectCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	dapr, err := adapters.ConnectSidecar(connectCtx, cfg.DaprHost, cfg.DaprGRPCPort, cfg.DaprAPIToken, func(err error) {
		logger.Warn("waiting for the sidecar", "port", cfg.DaprGRPCPort, obs.Err(err))
	})
	cancel()
	if ctx.Err() != nil {
		logger.Info("shutting down", "signal", received())
		return
	}
	if err != nil {
		fatal("the sidecar never answered", err)
	}
	defer dapr.Close()

	shipping := domain.NewShippingService(
		adapters.NewDaprStateStore(dapr, cfg.StateStore),
		adapters.NewDaprPublisher(dapr, cfg.PubsubComponent, contracts.ShipmentsTopic),
		time.Now, uuid.NewString)
	mux := app.New(chi.NewRouter(), app.Deps{Shipping: shipping, Schemas: schemas, Logger: logger, Metrics: obs.NewMetrics(service, version), AppToken: cfg.AppAPIToken})

	// The SDK's HTTP service serves the routes (and its own /dapr/subscribe, which lists no
	// subscription: the declarative one in dapr/resources/subscriptions.yaml is the one that counts).
	address := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	server := daprhttp.NewServiceWithMux(address, mux)
	stopped := make(chan struct{})
	go func() {
		<-ctx.Done()
		logger.Info("shutting down", "signal", received())
		// In-flight requests finish; the SDK gives them 5 seconds.
		if err := server.GracefulStop(); err != nil {
			logger.Warn("stopping the server", obs.Err(err))
		}
		close(stopped)
	}()
	logger.Info("listening", "port", cfg.Port, "hostname", cfg.Host)
	if err := server.Start(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fatal("the server stopped", err)
	}
	<-stopped
}

// onSignal returns a context that SIGINT or SIGTERM cancels, and the signal's name (as the
// TypeScript services log it: SIGTERM).
func onSignal() (context.Context, func() string) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	var name atomic.Value
	go func() {
		s := <-signals
		name.Store(map[os.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM"}[s])
		cancel()
	}()
	return ctx, func() string { n, _ := name.Load().(string); return n }
}
