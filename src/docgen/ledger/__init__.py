"""Document numbers: the SQLite ledger, allocation during a merge, and its export."""
