"""What a pack declares: claims.yaml (schema, loader, PackSpec), datasets and their manifests,
and the YAML-with-lines reading they share."""
