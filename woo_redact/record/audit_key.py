"""The audit key: a secret per document set that the officer keeps outside the log.

The audit log never holds a redacted text. It holds an HMAC-SHA-256 of it under this key, so
whoever has the key can answer "was this name redacted, and where?" (``woo-redact audit find``)
and nobody without it can test guesses against the log. The same key seals every run's records
(an HMAC over the chain head), so a log rewritten by someone without the key is told apart from
one this tool wrote.

Where the key lives: by default ``REVIEW/audit.key`` (the internal review folder, never the
publication folder), carried forward from run to run like the log; ``--audit-key FILE`` keeps it
anywhere else the officer chooses. The file is created on first use, readable by its owner only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from woo_redact.errors import ExitCode, WooRedactError

KEY_FILE = "audit.key"  # the default key file in the review folder
HEADER = "woo-redact audit key v1"
_HEX = re.compile(r"^[0-9a-f]{64}$")
_WORD = re.compile(r"\w+")


class AuditKeyError(WooRedactError):
    """A key file that cannot be read, is malformed, or cannot be created."""

    exit_code = ExitCode.AUDIT


def normalise(text: str) -> str:
    """The form a text is keyed in: Unicode NFKC, case-folded, whitespace folded to one space.

    "Jan  de\\nVries", "JAN DE VRIES" and "jan de vries" are the same name to an officer
    searching the log, and a name broken over a line is still that name.
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def words(text: str) -> list[str]:
    """The words of a normalised text (letters and digits; punctuation and spaces separate)."""
    return _WORD.findall(normalise(text))


@dataclass(frozen=True)
class AuditKey:
    """A 32-byte secret and what is computed with it."""

    secret: bytes = field(repr=False)

    def _mac(self, purpose: str, data: str) -> str:
        message = f"{purpose}\0{data}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    @property
    def id(self) -> str:
        """A public name of the key (an HMAC of a constant): tells keys apart, reveals nothing."""
        return self._mac("key-id", "woo-redact")[:16]

    def text_mac(self, text: str) -> str:
        """The keyed hash of a whole (normalised) text."""
        return self._mac("text", normalise(text))

    def word_macs(self, text: str) -> list[str]:
        """One keyed hash per word, in order: "Vries" is found inside "J. de Vries"."""
        return [self._mac("word", w)[:32] for w in words(text)]

    def seal(self, head: str) -> str:
        """The keyed hash of a chain head: only a holder of the key can make it."""
        return self._mac("seal", head)

    def matches_seal(self, head: str, mac: str) -> bool:
        return hmac.compare_digest(self.seal(head), str(mac))


def new_key() -> AuditKey:
    return AuditKey(secrets.token_bytes(32))


def read_key(path: Path) -> AuditKey:
    """The key stored in ``path``; a clear error for anything else."""
    try:
        lines = path.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyError(f"cannot read the audit key file {path}: {exc}") from exc
    body = lines[-1].strip().lower() if lines else ""
    if not _HEX.match(body):
        raise AuditKeyError(
            f"{path} is not a woo-redact audit key (expected a line of 64 hex digits)"
        )
    return AuditKey(bytes.fromhex(body))


def key_text(key: AuditKey) -> str:
    return f"{HEADER}\n{key.secret.hex()}\n"


def write_key(path: Path, key: AuditKey) -> None:
    """Store ``key`` in a new file ``path`` (mode 0600); never overwrite an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise AuditKeyError(f"{path} already exists; an audit key is never overwritten") from exc
    except OSError as exc:
        raise AuditKeyError(f"cannot create the audit key file {path}: {exc}") from exc
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key_text(key))
        fh.flush()
        os.fsync(fh.fileno())
