"""SHA-256 stamps of a generated file's inputs (its generator script and what that imports).

CI has no Python, so it cannot rerun the generators; instead each generated file records the
SHA-256 of its inputs, and test/generated.test.ts fails when an input changed without the file
being regenerated. Line endings are normalized (CRLF checkouts hash alike), as the test does.
"""
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes().replace(b'\r\n', b'\n')).hexdigest()


def stamp(*paths):
    """{path relative to the repository root: SHA-256}, for a JSON fixture's "sources"."""
    return {Path(p).resolve().relative_to(ROOT).as_posix(): sha256(p) for p in paths}


def ts_stamp(*paths):
    """The same as comment lines for a generated TypeScript file: `// sha256 <hex>  <path>`."""
    return ''.join(f'// sha256 {h}  {p}\n' for p, h in stamp(*paths).items())
