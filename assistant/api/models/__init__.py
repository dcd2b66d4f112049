"""Request and response models, one module per router: the API's contract.

Responses are built from the core's records (`Answer`, `Hit`, `PolicyDocument`, `Measure`)
with pydantic's `from_attributes`, and name only the fields a client may rely on; anything
else those records carry stays out. The CLI's `--json` output uses the same models.
"""
