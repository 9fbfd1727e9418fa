"""Protection of the record: tamper evidence (a hash chain, ``verify``) and signed exports."""

from ..store import GENESIS
from .chain import KnownHead, Verification, check, verify
from .problem import Problem

__all__ = ["GENESIS", "KnownHead", "Problem", "Verification", "check", "verify"]
