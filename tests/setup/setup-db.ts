// Filled in by the database setup (gives each test file its own copy of the template database).
export {};
