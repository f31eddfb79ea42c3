package ingest

// LedgerCode is the code a ledger without a code column gives a new project, for tests.
var LedgerCode = ledgerCode
