"""Reading registers (台账) into typed records: header detection, aliases, merges, types."""

from docgen.register.reader import Column, Record, Register

__all__ = ["Column", "Record", "Register"]
