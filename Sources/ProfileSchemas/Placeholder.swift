enum ProfileSchemasPlaceholder {}
