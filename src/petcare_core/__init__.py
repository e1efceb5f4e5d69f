"""petcare core: the pure domain, the ports it needs, the use cases and the public test kit."""
