import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "build-*/", "app/generated/", "node_modules/", "test-results*/", "playwright-report/", "public/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // House style: routes stay thin; only modules (and scripts) touch the database.
    files: ["app/routes/**", "app/components/**", "app/root.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "~/utils/db.server.ts", message: "Routes call a module function; only app/modules touches Prisma." }],
          patterns: [
            {
              group: ["~/generated/*", "**/generated/prisma/*"],
              message: "Routes call a module function; only app/modules touches Prisma.",
            },
          ],
        },
      ],
    },
  },
);
