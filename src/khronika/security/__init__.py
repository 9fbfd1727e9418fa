"""Protection of the record: tamper evidence (a hash chain, ``verify``) and signed exports."""

from .chain import GENESIS, Problem, Verification, check, verify

__all__ = ["GENESIS", "Problem", "Verification", "check", "verify"]
