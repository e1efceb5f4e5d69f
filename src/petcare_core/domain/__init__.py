"""The pure domain model and rules of petcare: standard library and attrs only."""
