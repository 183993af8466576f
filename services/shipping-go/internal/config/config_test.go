package config_test

import (
	"strings"
	"testing"

	"quire/shipping-go/internal/config"
)

func env(vars map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) { v, ok := vars[name]; return v, ok }
}

func TestDefaultsWorkWithMakeRun(t *testing.T) {
	c, err := config.Parse(env(map[string]string{"APP_API_TOKEN": "t"}))
	if err != nil {
		t.Fatal(err)
	}
	want := config.Config{Port: 3005, Host: "127.0.0.1", LogLevel: "info", DaprHost: "127.0.0.1", DaprHTTPPort: 3500, DaprGRPCPort: 50001,
		AppAPIToken: "t", StateStore: "shipmentstore", PubsubComponent: "pubsub", SchemasDir: "../../packages/contracts/schemas"}
	if c != want {
		t.Fatalf("got %+v", c)
	}
}

func TestReadsWhatTheDaprCLISets(t *testing.T) {
	c, err := config.Parse(env(map[string]string{"APP_API_TOKEN": "t", "PORT": "3005", "DAPR_HTTP_PORT": "3505", "DAPR_GRPC_PORT": "19105", "DAPR_API_TOKEN": "d", "LOG_LEVEL": "debug"}))
	if err != nil || c.DaprGRPCPort != 19105 || c.DaprHTTPPort != 3505 || c.DaprAPIToken != "d" || c.LogLevel != "debug" {
		t.Fatalf("%+v %v", c, err)
	}
}

func TestNamesEveryWrongField(t *testing.T) {
	_, err := config.Parse(env(map[string]string{"PORT": "70000", "LOG_LEVEL": "loud", "STATE_STORE": "", "DAPR_GRPC_PORT": "x", "DAPR_API_TOKEN": ""}))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, field := range []string{"PORT", "LOG_LEVEL", "STATE_STORE", "DAPR_GRPC_PORT", "DAPR_API_TOKEN", "APP_API_TOKEN: set APP_API_TOKEN"} {
		if !strings.Contains(err.Error(), "  "+field) {
			t.Errorf("%q not named in:\n%s", field, err)
		}
	}
	if !strings.HasPrefix(err.Error(), "Invalid environment:\n") {
		t.Errorf("%s", err)
	}
}
