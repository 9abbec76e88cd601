"""The local runtime behind ``make serve``: Lambda's execution model and AWS's data, on a laptop.

- ``lambda_service`` / ``pool`` / ``environment`` / ``bootstrap``: each function runs in execution environments
  of its own (worker processes), one invocation at a time each, cold starts, reuse, idle retirement,
  concurrency limits, crash and timeout handling, and Lambda's INIT_START / START / END / REPORT log lines.
- ``emulated_aws`` / ``journal`` / ``store``: moto in server mode shared by every environment, each acknowledged
  write journalled durably in SQLite under ``.local/`` and restored on start; ``make reset`` empties it.
- ``reload``: a code change under ``functions/`` or ``layers/`` retires the environments that ran the old code.
"""
