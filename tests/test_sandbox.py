"""The query processes' network fence (graph/serve/runner.py): libseccomp's filter, set in a forked
child (it is irreversible), and the fallback where libseccomp cannot be loaded."""

from __future__ import annotations

import errno
import multiprocessing
import os
import socket
import sys

import pytest

from palermo.graph.serve import runner

LINUX_FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def _fenced_child(conn: object) -> None:
    """What each socket family gives once the fence is set."""
    found: dict[str, object] = {"fenced": runner.deny_network()}
    for name, family in (("inet", socket.AF_INET), ("inet6", socket.AF_INET6), ("unix", socket.AF_UNIX)):
        try:
            socket.socket(family, socket.SOCK_STREAM).close()
            found[name] = "open"
        except OSError as e:
            found[name] = e.errno
    conn.send(found)  # type: ignore[attr-defined]
    os._exit(0)


@pytest.mark.skipif(not LINUX_FORK, reason="the fence is seccomp on Linux")
@pytest.mark.skipif(not runner.network_sandbox_supported(), reason="no libseccomp on this machine")
def test_fence_denies_ip_sockets_and_leaves_local_ones() -> None:
    ctx = multiprocessing.get_context("fork")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=_fenced_child, args=(theirs,))
    child.start()
    assert ours.poll(30)
    found = ours.recv()
    child.join(10)
    assert found == {"fenced": True, "inet": errno.EACCES, "inet6": errno.EACCES, "unix": "open"}
    socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()  # the parent is not fenced


def test_no_libseccomp_no_fence(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the bindings cannot load, the sandbox says so (and the server refuses queries)."""
    monkeypatch.setitem(sys.modules, "pyseccomp", None)  # import raises ImportError
    assert not runner.network_sandbox_supported()
    assert runner.deny_network() is False
