"""The official SDK (b24pysdk) doing a bulk job: `call_batches` over N triggers.

Run as a process by test_bench_bulk.py: `python tests/bench/sdk_batches.py PORTAL_HOST
WEBHOOK_TOKEN N`. The SDK only speaks https://; for the loopback portal its base URL is
pointed at http:// (one property; nothing else changed), so both clients pay the same.
"""

from __future__ import annotations

import importlib
import sys

import b24pysdk


def main() -> int:
    host, token, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    caller = importlib.import_module("b24pysdk.api.callers.call_method")._MethodCaller
    caller._base_url = property(lambda self: f"http://{self._domain}/rest")
    webhook = b24pysdk.BitrixWebhook(domain=host, webhook_token=token)
    methods = {
        f"r{i}": ("crm.automation.trigger", {"target": f"DEAL_{i}", "code": "c5u4m"})
        for i in range(1, count + 1)
    }
    answer = webhook.call_batches(methods)
    results = answer["result"]["result"]
    ok = len(results) if isinstance(results, dict | list) else 0
    print(ok)
    return 0 if ok == count else 1


if __name__ == "__main__":
    sys.exit(main())
