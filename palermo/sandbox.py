"""Untrusted input read in a child process within a budget of memory and time.

A hostile file (a zip bomb, millions of tiny paragraphs, an entity bomb) must cost one line
naming it, not the build: the function that reads it runs in a fresh interpreter whose address
space and CPU time are capped by `resource.setrlimit` before it reads a byte, and whose wall time
the parent bounds. Whatever the child does — raises, runs out of memory, is killed — the parent
gets a `Failed` with one line. A fresh interpreter (not a fork) is used because build workers are
daemonic pool processes, which may not fork children of their own through multiprocessing, and
because a fork of a process holding a store's threads is unsafe.

Protocol: the child reads its input on stdin and writes the function's `str` result as UTF-8 on
stdout (exit 0); a refusal or error is one line `<ExceptionName>\\t<message>` on stderr (exit 3).
"""

from __future__ import annotations

import ctypes
import importlib
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

_REFUSED = 3  # the child's exit code when the function raised
_PR_SET_PDEATHSIG = 1  # prctl(2)


@dataclass(frozen=True)
class Budget:
    """What one child may take: bytes of address space, CPU seconds, wall seconds."""

    memory: int = 512 << 20
    cpu: int = 60
    wall: float = 90.0


class Failed(Exception):
    """The child could not give a result. args: the one-line reason, and the name of the
    exception the function raised (empty when the child was stopped by a limit)."""

    @property
    def reason(self) -> str:
        return str(self.args[0])

    @property
    def raised(self) -> str:
        return str(self.args[1]) if len(self.args) > 1 else ""


def run(target: str, data: bytes, budget: Budget = Budget()) -> str:
    """`target` ("package.module:function", a function of bytes returning str) called on `data`
    in a child process held to `budget`; raises Failed with one line."""
    argv = [sys.executable, "-m", "palermo.sandbox", target, str(budget.memory), str(budget.cpu), str(os.getpid())]
    try:
        done = subprocess.run(argv, input=data, capture_output=True, timeout=budget.wall, check=False)
    except subprocess.TimeoutExpired:
        raise Failed(f"took longer than {budget.wall:g} s to read") from None
    if done.returncode == 0:
        return done.stdout.decode("utf-8")
    err = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode == _REFUSED and "\t" in err:
        name, message = err.splitlines()[-1].split("\t", 1)
        if name == "MemoryError":
            raise Failed(f"needs more than {budget.memory >> 20} MiB of memory to read", name)
        raise Failed(message, name)
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise Failed(f"took more than {budget.cpu} s of CPU to read")
    last = err.splitlines()[-1][:160] if err else f"exit code {done.returncode}"
    raise Failed(f"its reader failed ({last})")


def _child(target: str, memory: int, cpu: int, parent: int) -> int:
    """Cap this process, then read stdin, call the target and write its result."""
    _die_with(parent)
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    module, name = target.split(":", 1)
    func: Callable[[bytes], str] = getattr(importlib.import_module(module), name)
    try:
        result = func(sys.stdin.buffer.read())
    except MemoryError:
        sys.stderr.write("MemoryError\tout of memory\n")
        return _REFUSED
    except Exception as e:  # the function's own refusals and any failure: one line for the parent
        text = " ".join(str(e).split())[:300] or type(e).__name__
        sys.stderr.write(f"{type(e).__name__}\t{text}\n")
        return _REFUSED
    sys.stdout.buffer.write(result.encode("utf-8"))
    return 0


def _die_with(parent: int) -> None:
    """Be killed when the process that started this one dies (a build worker terminated on
    SIGTERM dies at once, without waiting for its child): Linux's PR_SET_PDEATHSIG, where the C
    library has prctl; elsewhere the CPU limit bounds an orphan."""
    try:
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(1)


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
