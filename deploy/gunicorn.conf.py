"""gunicorn settings for Qingfeng (gunicorn is pinned in requirements.lock). Started by qingfeng-web.service."""

import multiprocessing
import os

bind = os.environ.get("QINGFENG_BIND", "127.0.0.1:8000")  # nginx in front; never expose gunicorn directly
worker_class = "gthread"
workers = int(os.environ.get("QINGFENG_WEB_WORKERS", min(8, multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("QINGFENG_WEB_THREADS", 4))
timeout = 120  # an Excel export of a large scope takes a while; screening runs in its own process, never here
graceful_timeout = 30
max_requests = 2000  # recycle workers to bound memory growth
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
limit_request_line = 8190
