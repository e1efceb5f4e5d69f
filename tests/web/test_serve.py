"""``petcare serve`` as a real process: it starts, answers, and stops cleanly on a signal."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from petcare_web.demo_data import OWNER_COUNT
from petcare_web.demo_regulars import REGULAR_COUNT

STARTUP_TIMEOUT_S = 120.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(tmp_path: Path) -> dict[str, str]:
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PETCARE_") or name.startswith("PETCARE_TEST_")
    }
    return {
        **inherited,
        "PETCARE_PASSWORD_HASH_TIME_COST": "1",
        "PETCARE_PASSWORD_HASH_MEMORY_KIB": "64",
        "PETCARE_FILES_DIR": str(tmp_path / "files"),
    }


class Server:
    """A ``petcare serve`` subprocess whose output is read line by line in the background."""

    def __init__(self, argv: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "petcare_web", *argv],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        assert self.process.stdout is not None
        threading.Thread(target=self._pump, args=(self.process.stdout,), daemon=True).start()

    def _pump(self, stream: Any) -> None:
        for line in stream:
            self.lines.put(line)

    def wait_for(self, pattern: str) -> re.Match[str]:
        """The first output line matching ``pattern`` (fails after the start-up timeout)."""
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            self.output.append(line)
            if found := re.search(pattern, line):
                return found
        self.process.kill()
        _, err = self.process.communicate(timeout=10)
        pytest.fail(f"no line matching {pattern!r}; output:\n{''.join(self.output)}\n{err}")

    def stop(self, number: signal.Signals) -> tuple[int, str, str]:
        """Send ``number``; the exit status, the rest of stdout and all of stderr."""
        self.process.send_signal(number)
        status = self.process.wait(timeout=30)
        assert self.process.stderr is not None
        err = self.process.stderr.read()
        rest = []
        while not self.lines.empty():
            rest.append(self.lines.get())
        return status, "".join(rest), err


def _get(url: str) -> tuple[int, Any]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, json.loads(response.read())


def _wait_healthy(base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            if _get(f"{base}healthz") == (200, {"status": "ok"}):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_demo_on_the_embedded_sqlite_default(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    port = _free_port()
    server = Server(
        ["serve", "--demo", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=_environment(tmp_path),
    )
    server.wait_for(r"using the embedded SQLite database sqlite:///petcare\.db")
    login = server.wait_for(r"demo pet parent login: (\S+) / (\S+)")
    key = server.wait_for(r"API key .*: ([0-9a-f]{40})")[1]
    base = server.wait_for(r"petcare is listening on (http://\S+)")[1]
    portal = server.wait_for(r"demo portal: (\S+)")[1]
    assert base == f"http://127.0.0.1:{port}/"
    assert portal == f"{base}f/happy-tails/"
    assert login[1] == "demo.parent@example.com"
    assert (tmp_path / "petcare.db").exists()

    _wait_healthy(base)
    status, body = _get(f"{base}api/v1/owners?key={key}")
    assert (status, body["success"]) == (200, True)
    assert len(body["data"]) == OWNER_COUNT + REGULAR_COUNT
    status, body = _get(f"{base}api/v1/owners?key={'0' * 40}")
    assert (status, body["success"]) == (200, False)

    exit_status, rest, err = server.stop(stop_signal)
    assert exit_status == 0, err
    assert "petcare stopped." in rest
    assert "GET /api/v1/owners 200" in err
    assert key not in err
    assert "Traceback" not in err


def test_serve_without_demo_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "petcare_web", "serve", "--port", str(_free_port()),
         "--database-url", f"sqlite:///{tmp_path / 'empty.db'}"],
        cwd=tmp_path,
        env=_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert completed.returncode == 1
    assert completed.stderr.startswith("petcare: error:")
    assert "petcare db upgrade" in completed.stderr
