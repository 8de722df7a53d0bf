"""placeholder"""
def match_claims(*a, **k): return []
def match_claims_to_tables(*a, **k): return []
