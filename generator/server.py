"""A local preview server for the built site."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


def serve(out_dir: Path, host: str, port: int) -> int:
    """Serve `out_dir` until interrupted."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out_dir))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"Serving {out_dir} at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0
