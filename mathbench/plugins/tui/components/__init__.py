"""The reviewer's widgets, one module each."""
