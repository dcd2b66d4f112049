"""Turn policy files into PolicyDocument records with their numbered measures."""
