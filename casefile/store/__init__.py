"""Storage: the engine and its pragmas, the schema and its migrations, transactions and undo."""
