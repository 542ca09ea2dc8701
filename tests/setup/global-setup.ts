// Filled in by the database setup (creates a migrated template database once per run).
export default function setup() {}
