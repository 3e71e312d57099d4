"""Files in and out: the scenario schema, reading and checking YAML, writing results, synthetic regions."""
