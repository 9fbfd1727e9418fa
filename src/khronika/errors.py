"""One error hierarchy for khronika.

Every error is a sentence a monitor can act on. The CLI (and later the HTTP
API) maps these classes to messages and exit codes / status codes in one place
(see :data:`EXIT_CODES`).
"""

from __future__ import annotations


class KhronikaError(Exception):
    """Base class of every error khronika raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(KhronikaError):
    """A report, manifest line or feed cannot be read. Names the file and the reason."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        return (type(self), (self.origin, self.reason))  # sent back by a Dask worker


class BinaryFileError(InputError):
    pass


class EmptyFileError(InputError):
    pass


class FileTooLargeError(InputError):
    pass


class DecodingError(InputError):
    pass


class MalformedInputError(InputError):
    """Malformed HTML, feed or manifest line."""


class MissingFileError(InputError):
    pass


class StoreError(KhronikaError):
    """The store cannot be opened or written."""


class DamagedStoreError(StoreError):
    """The store file is damaged (SQLite or SQLCipher found a page that does not check):
    names where, and says to restore from backup."""


class NotFoundError(KhronikaError):
    """An incident, report or actor id that is not in the store."""


class ConfigError(KhronikaError):
    """A setting or option is wrong (unknown pipeline step, bad date filter...)."""


class EvalError(KhronikaError):
    """A gold annotation file cannot be used."""


class SignatureError(KhronikaError):
    """A signed export does not verify."""


class BackupError(KhronikaError):
    """A backup, restore or wipe cannot be done: restic missing, wrong password, no repository,
    no snapshot, or a backup that is not current."""


class AccessError(KhronikaError):
    """The account asking may not see or do this (a viewer asking for an original, say)."""


EXIT_CODES: dict[type[KhronikaError], int] = {
    InputError: 2,
    ConfigError: 2,
    EvalError: 2,
    SignatureError: 5,
    BackupError: 6,
    AccessError: 7,
    NotFoundError: 3,
    StoreError: 4,
    KhronikaError: 1,
}

HTTP_STATUS: dict[type[KhronikaError], int] = {
    InputError: 422,
    ConfigError: 400,
    EvalError: 400,
    SignatureError: 422,
    BackupError: 503,
    AccessError: 403,
    NotFoundError: 404,
    StoreError: 503,
    KhronikaError: 500,
}


def exit_code(error: KhronikaError) -> int:
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1
