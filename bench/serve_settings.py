"""Settings of the serving benches: the app's own, with the static files collected to the
bench's throwaway directory instead of the checkout's ``staticfiles/``."""

import os

from bekasi_plan.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
