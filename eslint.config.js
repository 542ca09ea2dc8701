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
    // House style: one date formatter (UK English, Europe/London) in app/utils/dates.ts (docs/decisions/0031).
    files: ["app/**/*.ts", "app/**/*.tsx"],
    ignores: ["app/utils/dates.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='Intl'][property.name='DateTimeFormat']",
          message: "Format dates with formatDate from ~/utils/dates.ts (Europe/London).",
        },
        {
          selector: "CallExpression[callee.property.name=/^toLocale(Date|Time)String$/]",
          message: "Format dates with formatDate from ~/utils/dates.ts (Europe/London).",
        },
        {
          selector:
            "CallExpression[callee.property.name='toLocaleString'][callee.object.type='NewExpression'][callee.object.callee.name='Date']",
          message: "Format dates with formatDate from ~/utils/dates.ts (Europe/London).",
        },
      ],
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
