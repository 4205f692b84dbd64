"""The preview server on 127.0.0.1: only files inside the output folder, and it stays up under load."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, article, write_files
from livesite import Preview

SECRET = b"TOP SECRET: outside the output folder"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A running preview with --out, a secret beside the output folder and symlinks pointing at it."""
    root = tmp_path_factory.mktemp("served")
    site = write_files(root / "site", {"site.yaml": MINIMAL_CONFIG, "content/articles/a.md": article("Bài một")})
    (root / "secret.txt").write_bytes(SECRET)
    out = root / "out"
    with Preview(site, "--out", str(out)) as preview:
        (out / "link-to-secret.txt").symlink_to(root / "secret.txt")
        (out / "escape").symlink_to(root, target_is_directory=True)
        yield preview, int(preview.url.rsplit(":", 1)[1].strip("/")), root


def _request(port: int, raw: bytes, timeout: float = 60) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        return _read_all(sock)


def _read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _get(port: int, target: str) -> tuple[int, bytes]:
    data = _request(port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    return int(data.split(b" ", 2)[1]), data


@pytest.mark.parametrize("target", [
    "/../secret.txt",
    "/../../secret.txt",
    "/articles/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/.%2e/secret.txt",
    "/articles/..%2F..%2Fsecret.txt",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "/%252e%252e/secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/..%00/secret.txt",
    "http://127.0.0.1/../secret.txt",
    "/link-to-secret.txt",
    "/escape/secret.txt",
    "/escape/",
])
def test_nothing_outside_the_output_folder_is_served(served, target):
    preview, port, root = served
    status, data = _get(port, target)
    assert status == 404
    assert SECRET not in data


def test_an_absolute_path_stays_inside_the_output_folder(served):
    preview, port, root = served
    status, data = _get(port, "/" + (root / "secret.txt").as_posix().lstrip("/"))
    assert status == 404 and SECRET not in data
    status, data = _get(port, "//" + (root / "secret.txt").as_posix().lstrip("/"))
    assert status == 404 and SECRET not in data


def test_files_inside_are_served_and_folders_lead_to_their_index(served):
    preview, port, _ = served
    assert _get(port, "/index.html")[0] == 200
    status, page = _get(port, "/articles/a.html")
    assert status == 200 and "Bài một".encode() in page
    status, page = _get(port, "/")
    assert status == 200 and b'id="loa-livereload"' in page
    status, page = _get(port, "/archive")
    assert status == 301 and b"\r\nLocation: archive/\r\n" in page
    status, page = _get(port, "/no-such-page.html")
    assert status == 404 and b"loa-livereload" in page  # the site's 404 page, with the reload script


def test_it_listens_on_127_0_0_1_only(served):
    preview, port, _ = served
    listening = {line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[3] == "0A"}
    assert f"0100007F:{port:04X}" in listening  # 127.0.0.1, little-endian as the kernel prints it
    assert f"00000000:{port:04X}" not in listening


def test_200_concurrent_connections_are_all_answered(served):
    preview, port, _ = served
    sockets = [socket.create_connection(("127.0.0.1", port), timeout=120) for _ in range(200)]
    statuses: list[int] = []
    lock = threading.Lock()

    def use(sock: socket.socket) -> None:
        with sock:
            sock.sendall(b"GET /articles/a.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = _read_all(sock)
        with lock:
            statuses.append(int(data.split(b" ", 2)[1]) if data else 0)

    threads = [threading.Thread(target=use, args=(sock,)) for sock in sockets]  # all 200 open at once
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert statuses == [200] * 200
    assert _get(port, "/index.html")[0] == 200  # and the server is still up


def test_slow_clients_do_not_block_others(served):
    preview, port, _ = served
    request = b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    slow = [socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(50)]
    for sock in slow:
        sock.sendall(request[:9])  # a request line begun, then silence
    for _ in range(20):  # meanwhile everybody else is served
        assert _get(port, "/articles/a.html")[0] == 200
    sock = slow.pop()
    for byte in request[9:]:  # one of them finishes its request byte by byte, and is answered too
        sock.send(bytes([byte]))
    assert _read_all(sock).startswith(b"HTTP/1.0 200")
    for sock in slow:
        sock.close()


def test_a_client_that_never_finishes_its_request_is_disconnected(served):
    preview, port, _ = served
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: never complete
        assert _read_all(sock) == b""  # the server hangs up on it (after HEADER_SECONDS)
    assert _get(port, "/index.html")[0] == 200


def test_a_host_other_than_loopback_is_announced(make_site):
    site = make_site({"content/articles/a.md": article()})
    with Preview(site, "--host", "127.0.0.2", host="127.0.0.2") as preview:
        preview.wait_for("^warning: the preview listens on 127.0.0.2: anyone who can reach this machine can read it, "
                         "drafts included$")
        assert preview.url.startswith("http://127.0.0.2:")
