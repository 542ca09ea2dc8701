-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_IssuerKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "publicKeyJwk" TEXT NOT NULL,
    "privateKeyPem" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME
);
INSERT INTO "new_IssuerKey" ("active", "createdAt", "id", "privateKeyPem", "publicKeyJwk") SELECT "active", "createdAt", "id", "privateKeyPem", "publicKeyJwk" FROM "IssuerKey";
DROP TABLE "IssuerKey";
ALTER TABLE "new_IssuerKey" RENAME TO "IssuerKey";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
