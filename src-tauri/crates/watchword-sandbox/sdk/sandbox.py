"""The sandbox the SDK tests run against: started by scripts/sdk-tests.sh, named by
environment variables, plus its outbox (the simulated phone) read over plain HTTP."""

import json
import os
import urllib.parse
import urllib.request

BASE = os.environ["SANDBOX_BASE"]  # http://127.0.0.1:PORT
TOKEN = os.environ["SANDBOX_TOKEN"]
HOSTPORT = urllib.parse.urlsplit(BASE).netloc
SINCH_KEY = os.environ["SANDBOX_SINCH_KEY"]
SINCH_SECRET = os.environ["SANDBOX_SINCH_SECRET"]
INFOBIP_KEY = os.environ["SANDBOX_INFOBIP_KEY"]


def outbox(to):
    """Messages to `to`, oldest first."""
    request = urllib.request.Request(
        f"{BASE}/sandbox/outbox?" + urllib.parse.urlencode({"to": to}),
        headers={"X-Sandbox-Token": TOKEN},
    )
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def last_code(to):
    """The PIN (or the flash call's calling number) last sent to `to`."""
    messages = outbox(to)
    assert messages, f"nothing in the outbox for {to}"
    return messages[-1]["code"]
