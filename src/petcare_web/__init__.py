"""petcare's web layer and command line: the entry points people and integrations use."""
