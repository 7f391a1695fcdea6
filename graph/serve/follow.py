"""The build a running `palermo serve` answers from, following its build folder.

A rebuild swaps a new build folder in while the server runs. Opened by its path, the store would
then be read half from the old build and half from the new one (RocksDB: "Sst file size
mismatch", a 500), and the site would stay the old build's. So the server never opens the build's
own store: it answers from a snapshot, its own links to the store's files (a RocksDB table file is
never changed once written; the small files beside them are copied), made when it starts and
whenever the build's identity (the manifest's `build`, see store.BuildWriter.seal) changes. A
request that finds a new build swapped in makes the new snapshot and switches to it; queries
already running finish on the old snapshot, removed once none uses it. The site the server
published into the build folder (`site/`, carried over by the build) is published again for the
new build in the background and swapped in whole; until then the old one is served, never a
half-written one.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from palermo.graph.store import MANIFEST, SITE_DIR, STORE_DIR, Damaged, check, discard

logger = logging.getLogger(__name__)

SITE_BUILD = ".palermo-build"  # in a site serve published: the identity of the build it shows


def publish_site(data_dir: Path, site: Path, manifest: dict[str, Any], progress: bool | None = False) -> int:
    """Publish the site of the build in `data_dir` into `site` and note which build it shows."""
    from palermo.graph.publish import publish

    pages = int(publish(data_dir, str(manifest["base"]), site, progress=progress))
    (site / SITE_BUILD).write_text(str(manifest["build"]) + "\n", encoding="utf-8")
    return pages


def _site_build(site: Path) -> str | None:
    try:
        return (site / SITE_BUILD).read_text(encoding="utf-8").strip()
    except OSError:
        return None


class Following:
    """The snapshot of the build a server answers from (`store_path`, `manifest`), made anew when
    a new build is swapped into `data_dir`; `site`: the site to publish again for it (the one in
    the build folder), or None (a site of the user's, left as it is)."""

    def __init__(
        self, data_dir: Path, site: Path | None, grace: float, taken_up: Callable[[], None] = lambda: None
    ) -> None:
        self.data_dir = data_dir
        self.site = site
        self.grace = grace  # seconds a query may still run on a snapshot after the switch
        self.taken_up = taken_up  # what else follows a new build (serve --in-memory: the graph it holds)
        self._lock = threading.Lock()
        self._users: Counter[str] = Counter()
        self._retired: list[tuple[str, float]] = []
        self._seen: tuple[int, int, int] | None = None
        self._publishing: threading.Thread | None = None
        self.manifest: dict[str, Any] = check(data_dir)
        self._sweep_killed()
        self._seen = self._stamp()
        self.store_path: str = self._snapshot(self.manifest)
        self._republish_if_stale()

    # -- noticing a new build

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = (self.data_dir / MANIFEST).stat()
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def refresh(self) -> None:
        """Take up a new build if one was swapped in since the last look (one stat when none was)."""
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return
        with self._lock:
            if stamp == self._seen:  # another request took it up meanwhile
                return
            self._seen = stamp
            try:
                manifest = check(self.data_dir)
            except Damaged as e:  # damaged: answer from the snapshot held until another build comes
                logger.error("%s; still answering from the build before", e)
                return
            if manifest["build"] == self.manifest["build"]:
                return
            try:
                path = self._snapshot(manifest)
            except (OSError, Damaged) as e:
                logger.error("%s: cannot take up the new build (%s); answering from the one before", self.data_dir, e)
                self._seen = None
                return
            self._retired.append((self.store_path, time.monotonic()))
            self.store_path, self.manifest = path, manifest
            self.taken_up()
            logger.info("%s: a new build (%s) taken up", self.data_dir, manifest["build"][:12])
            self._republish_if_stale()
        self._sweep()

    # -- snapshots

    def _snapshot(self, manifest: dict[str, Any]) -> str:
        """Links to the store's table files and copies of the others, in a folder of this
        server's beside the build folder, checked against the manifest; the store's own path
        where no such folder can be made (then a rebuild is not followed safely)."""
        store = self.data_dir / STORE_DIR
        try:
            folder = Path(tempfile.mkdtemp(prefix=f"{self._prefix}{os.getpid()}-", dir=self.data_dir.parent))
        except OSError:
            return str(store.resolve())
        try:
            for name, entry in manifest["files"].items():
                if not name.startswith(STORE_DIR + "/"):
                    continue
                leaf = name.split("/", 1)[1]
                if "/" in leaf or leaf in ("", ".", ".."):  # a manifest's names never lead elsewhere
                    raise Damaged(f"{self.data_dir / MANIFEST}: lists {name!r}, not a file of the store")
                source, target = self.data_dir / name, folder / leaf
                if name.endswith(".sst"):
                    os.link(source, target)
                else:
                    shutil.copyfile(source, target)
                if target.stat().st_size != entry["bytes"]:  # swapped again while linking
                    raise Damaged(f"{source}: changed while it was being read")
        except (OSError, Damaged):
            discard(folder)
            raise
        return str(folder)

    @contextmanager
    def using(self, path: str) -> Iterator[None]:
        """A query running on the snapshot at `path`: kept until it ends."""
        with self._lock:
            self._users[path] += 1
        try:
            yield
        finally:
            with self._lock:
                self._users[path] -= 1
            self._sweep()

    def _sweep(self) -> None:
        """Remove the retired snapshots no query uses any more (a query that took its path just
        before the switch may start for `grace` seconds after it)."""
        with self._lock:
            now = time.monotonic()
            gone = [(p, t) for p, t in self._retired if self._users[p] <= 0 and now - t > self.grace]
            self._retired = [r for r in self._retired if r not in gone]
        for path, _ in gone:
            if self._ours(path):
                discard(Path(path))

    @property
    def _prefix(self) -> str:
        return f".{self.data_dir.name}-serve-"

    def _ours(self, path: str) -> bool:
        return Path(path).name.startswith(f"{self._prefix}{os.getpid()}-")

    def _sweep_killed(self) -> None:
        """Remove the snapshots of servers of this build folder that were killed (their links
        would keep old builds' files on the disk)."""
        for folder in self.data_dir.parent.glob(f"{self._prefix}*-*"):
            pid = folder.name[len(self._prefix) :].split("-", 1)[0]
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                discard(folder)
            except OSError:  # alive, another user's
                continue

    def close(self) -> None:
        """Remove every snapshot (the server is closing)."""
        with self._lock:
            paths = [p for p, _ in self._retired] + [self.store_path]
            self._retired = []
        for path in paths:
            if self._ours(path):
                discard(Path(path))

    # -- the site

    def _republish_if_stale(self) -> None:
        """Publish the site again in the background when it shows another build than the one
        answered from (the new site swapped in whole when written)."""
        if self.site is None or _site_build(self.site) == self.manifest["build"]:
            return
        if self._publishing is not None and self._publishing.is_alive():
            return  # the thread publishing looks again when it is done
        self._publishing = threading.Thread(target=self._publish, daemon=True, name="palermo-republish")
        self._publishing.start()

    def _publish(self) -> None:
        site = self.site
        assert site is not None
        while (manifest := self.manifest) and _site_build(site) != manifest["build"]:
            try:
                publish_site(self.data_dir, site, manifest)
            except (OSError, Damaged) as e:  # a newer build swapped in meanwhile: the next look takes it up
                logger.error("%s: the site could not be published again (%s)", site, e)
                return
            logger.info("%s: the site published again for build %s", site, manifest["build"][:12])


def served_site(data_dir: Path, site: Path) -> Path | None:
    """The site to follow the build with: the one in the build folder, else None."""
    return site if site.resolve() == (data_dir / SITE_DIR).resolve() else None
