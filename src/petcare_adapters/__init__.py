"""Implementations of the petcare core's ports (storage, system services) and the composition root.

Adapter families (``memory``, ``sqlalchemy``, ``system``, ...) do not import each other; only
``petcare_adapters.bootstrap`` combines them into a ``PetcareServices``.
"""
