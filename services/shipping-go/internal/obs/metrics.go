package obs

import (
	"runtime"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are what the app itself reports at GET /metrics, beside its sidecar: the same names,
// labels and buckets as the kit's, every series labelled with the service. Labels stay bounded:
// routes as their patterns, event types this app handles.
type Metrics struct {
	Registry        *prometheus.Registry
	RequestDuration *prometheus.HistogramVec
	EventsHandled   *prometheus.CounterVec
}

func NewMetrics(service, version string) *Metrics {
	registry := prometheus.NewRegistry()
	// The service label on every series, like prom-client's default labels.
	reg := prometheus.WrapRegistererWith(prometheus.Labels{"service": service}, registry)
	m := &Metrics{
		Registry: registry,
		RequestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "quire_http_request_duration_seconds",
			Help:    "Requests an app answered, by route pattern, method and status",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5},
		}, []string{"route", "method", "status"}),
		EventsHandled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "quire_events_handled_total",
			Help: "Events an app was delivered, by CloudEvent type and what it answered (success, retry, drop)",
		}, []string{"type", "outcome"}),
	}
	// Which build answers on this port, for the ops console: always 1, the facts are labels.
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "quire_build_info", Help: "The app's version and the runtime it runs on"}, []string{"version", "runtime"})
	buildInfo.WithLabelValues(version, runtime.Version()).Set(1)
	// process_* (process_resident_memory_bytes is what the observability test counts apps by) and
	// go_*: the Go counterparts of prom-client's default metrics.
	reg.MustRegister(m.RequestDuration, m.EventsHandled, buildInfo,
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), collectors.NewGoCollector())
	return m
}
