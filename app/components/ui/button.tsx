import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "danger" | "link";

export function Button({
  variant = "primary",
  className,
  type = "submit",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  const base = variant === "link" ? "link-button" : `button${variant === "primary" ? "" : ` button--${variant}`}`;
  return <button type={type} className={className ? `${base} ${className}` : base} {...props} />;
}
