import { Alert } from "@mantine/core";
import type { ReactNode } from "react";
import { errorMessage } from "../api/client.js";

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  children?: ReactNode;
}

/** The server's message (or a plain one for network failures) in a red alert. */
export function ErrorAlert({ error, title = "Something went wrong", children }: ErrorAlertProps) {
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {errorMessage(error)}
      {children}
    </Alert>
  );
}
