"""Protection of the record: tamper evidence (a hash chain, ``verify``) and signed exports."""

from .chain import GENESIS, KnownHead, Problem, Verification, check, verify

__all__ = ["GENESIS", "KnownHead", "Problem", "Verification", "check", "verify"]
