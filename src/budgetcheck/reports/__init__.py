"""Output formats, one module each. Messages are rendered here, at report time."""
