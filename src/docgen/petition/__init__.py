"""The petition rules as pure functions: deadlines, case status, periods, rates, case lists, selection, validation."""
