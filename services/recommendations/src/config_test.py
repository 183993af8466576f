from pathlib import Path

import pytest

from .config import ConfigError, parse_config

APP_DIR = Path(__file__).resolve().parents[1]


def test_defaults_that_work_with_make_run():
    config = parse_config({"APP_API_TOKEN": "t"}, APP_DIR)
    assert (config.port, config.state_store, config.pubsub_component, config.log_level) == (3011, "recommendationstore", "pubsub", "info")
    assert config.dapr_api_token is None
    assert (config.schemas_dir / "order.paid.json").is_file()


@pytest.mark.parametrize(
    "env, field",
    [
        ({}, "APP_API_TOKEN"),
        ({"APP_API_TOKEN": ""}, "APP_API_TOKEN"),
        ({"APP_API_TOKEN": "t", "PORT": "eighty"}, "PORT"),
        ({"APP_API_TOKEN": "t", "DAPR_HTTP_PORT": "70000"}, "DAPR_HTTP_PORT"),
        ({"APP_API_TOKEN": "t", "LOG_LEVEL": "loud"}, "LOG_LEVEL"),
        ({"APP_API_TOKEN": "t", "SCHEMAS_DIR": "nowhere"}, "SCHEMAS_DIR"),
        ({"APP_API_TOKEN": "t", "STATE_STORE": " "}, "STATE_STORE"),
    ],
)
def test_names_each_wrong_field(env, field):
    with pytest.raises(ConfigError) as wrong:
        parse_config(env, APP_DIR)
    assert field in wrong.value.errors
