"""Records -> RDF: the ontology namespace, IRI minting and the mapper."""
