import { z } from "zod";

export const DeleteAccountSchema = z.object({
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password"),
  confirm: z.literal("yes", { error: "Tick the box to confirm that you want to delete your account" }),
});
